package org.hybridbridge.x86.exec;

import org.hybridbridge.x86.Register;

/**
 * Loading a data segment register in 64-bit mode ({@code mov} to DS, ES, FS, GS, SS and
 * {@code pop} of them): the selector's GDT descriptor is checked as the SDM's MOV and POP
 * pseudocode does, then the register gets the selector, the descriptor's base and attributes,
 * and the descriptor its accessed bit. A null selector loads base 0 into DS, ES, FS and GS (as
 * Intel processors do; AMD ones keep the old FS/GS base). There is no LDT: LDTR is null in the
 * engine, so a selector with TI set raises #GP as it would then.
 */
final class SegmentLoads {

    private static final int SS = 2, CS = 1;
    private static final long PRESENT = 1L << 47, SYSTEM_SEGMENT_FLAG = 1L << 44, CODE = 1L << 43,
            CONFORMING = 1L << 42, READABLE_OR_WRITABLE = 1L << 41, ACCESSED = 1L << 40;

    private SegmentLoads() {
    }

    /** Loads {@code selector} into {@code segment}; CS cannot be loaded this way (#UD). */
    static void load(Execution execution, Register segment, int selector) throws CpuException {
        int number = segment.number();
        CpuState cpu = execution.cpu();
        if (number == CS) {
            throw CpuException.invalidOpcode("mov to %cs");
        }
        int cpl = cpu.cpl();
        int rpl = selector & 3;
        if ((selector & ~3) == 0) {
            if (number == SS && (cpl == 3 || rpl != cpl)) {
                throw CpuException.generalProtection(0, "null selector loaded into %ss at CPL " + cpl);
            }
            cpu.setSegment(number, selector, 0, 0);
            return;
        }
        int index = selector & ~7;
        if ((selector & 4) != 0 || index + 7 > cpu.gdtrLimit()) {
            throw CpuException.generalProtection(selector & ~3,
                    String.format("selector %#x is outside the GDT (limit %#x) or in an LDT", selector, cpu.gdtrLimit()));
        }
        LinearMemory system = execution.memory(MemoryRole.SYSTEM);
        long address = cpu.gdtrBase() + index;
        long descriptor = system.read(address, 8);
        int dpl = (int) (descriptor >>> 45) & 3;
        checkType(segment, selector, descriptor, cpl, rpl, dpl);
        if ((descriptor & PRESENT) == 0) {
            throw CpuException.of(number == SS ? CpuException.SS : CpuException.NP, index,
                    String.format("segment %#x is not present", selector));
        }
        if ((descriptor & ACCESSED) == 0) {
            descriptor |= ACCESSED;
            system.write(address + 4, 4, descriptor >>> 32);
        }
        long base = (descriptor >>> 16) & 0xFF_FFFFL | ((descriptor >>> 56) & 0xFF) << 24;
        cpu.setSegment(number, selector, base, (int) (descriptor >>> 32) & 0x00FF_FF00);
    }

    private static void checkType(Register segment, int selector, long descriptor, int cpl, int rpl, int dpl)
            throws CpuException {
        boolean data = (descriptor & SYSTEM_SEGMENT_FLAG) != 0 && (descriptor & CODE) == 0;
        boolean readableCode = (descriptor & SYSTEM_SEGMENT_FLAG) != 0 && (descriptor & CODE) != 0
                && (descriptor & READABLE_OR_WRITABLE) != 0;
        boolean allowed;
        if (segment.number() == SS) {
            allowed = data && (descriptor & READABLE_OR_WRITABLE) != 0 && rpl == cpl && dpl == cpl;
        } else {
            boolean conforming = readableCode && (descriptor & CONFORMING) != 0;
            allowed = (data || readableCode) && (conforming || rpl <= dpl && cpl <= dpl);
        }
        if (!allowed) {
            throw CpuException.generalProtection(selector & ~3,
                    String.format("descriptor %#x of selector %#x cannot be loaded into %s at CPL %d", descriptor,
                            selector, segment, cpl));
        }
    }
}
