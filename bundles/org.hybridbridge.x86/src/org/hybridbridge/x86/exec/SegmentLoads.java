package org.hybridbridge.x86.exec;

/**
 * Loading a data segment register from a selector popped off the stack ({@code pop %fs},
 * {@code pop %gs}; the other POP Sreg opcodes are invalid in 64-bit mode), with the checks of
 * the SDM's POP pseudocode: a null selector loads base 0 (as Intel processors do); otherwise the
 * GDT descriptor ({@link SegmentDescriptor#read}) must be a data or readable code segment the
 * CPL and RPL may use, and gets its accessed bit.
 */
final class SegmentLoads {

    private static final long SYSTEM_SEGMENT_FLAG = 1L << 44, CODE = 1L << 43, CONFORMING = 1L << 42,
            READABLE = 1L << 41, ACCESSED = 1L << 40;

    private SegmentLoads() {
    }

    /** Loads {@code selector} into FS or GS (segment number 4 or 5). */
    static void loadDataSegment(Execution execution, int segment, int selector) throws CpuException {
        CpuState cpu = execution.cpu();
        if ((selector & ~3) == 0) {
            cpu.setSegment(segment, selector, 0, 0);
            return;
        }
        LinearMemory system = execution.memory(MemoryRole.SYSTEM);
        SegmentDescriptor descriptor = SegmentDescriptor.read(system, cpu, selector, 0);
        long raw = descriptor.raw();
        boolean codeOrData = (raw & SYSTEM_SEGMENT_FLAG) != 0;
        boolean code = (raw & CODE) != 0;
        boolean conformingCode = code && (raw & CONFORMING) != 0;
        boolean privileged = descriptor.dpl() < Math.max(cpu.cpl(), selector & 3);
        if (!codeOrData || code && (raw & READABLE) == 0 || !conformingCode && privileged) {
            throw CpuException.generalProtection(selector & ~3, String.format(
                    "descriptor %#x of selector %#x cannot be loaded at CPL %d", raw, selector, cpu.cpl()));
        }
        if ((raw & ACCESSED) == 0) {
            system.write(cpu.gdtrBase() + (selector & ~7) + 4, 4, (raw | ACCESSED) >>> 32);
        }
        cpu.setSegment(segment, selector, descriptor.base(), new SegmentDescriptor(raw | ACCESSED).flags());
    }
}
