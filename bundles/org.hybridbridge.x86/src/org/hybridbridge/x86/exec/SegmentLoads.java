package org.hybridbridge.x86.exec;

/**
 * Loading a data segment register in 64-bit mode ({@code mov} to ES, SS, DS, FS, GS and
 * {@code pop} of FS, GS), with the checks of the SDM's MOV and POP pseudocode: a null selector
 * loads base 0 into ES, DS, FS and GS (as Intel processors do; AMD ones keep the FS/GS base) and
 * is refused for SS at CPL3; otherwise the GDT descriptor ({@link SegmentDescriptor#read}) must
 * be a data or readable code segment the CPL and RPL may use (for SS: a writable data segment
 * at exactly the CPL), and gets its accessed bit. A segment that is not present raises #NP, or
 * #SS for SS.
 */
final class SegmentLoads {

    private static final int CS = 1, SS = 2;
    private static final long SYSTEM_SEGMENT_FLAG = 1L << 44, CODE = 1L << 43, CONFORMING = 1L << 42,
            READABLE_OR_WRITABLE = 1L << 41, ACCESSED = 1L << 40;

    private SegmentLoads() {
    }

    /** Loads {@code selector} into segment register {@code segment} (0 = ES ... 5 = GS); CS is #UD. */
    static void load(Execution execution, int segment, int selector) throws CpuException {
        CpuState cpu = execution.cpu();
        if (segment == CS) {
            throw CpuException.invalidOpcode("mov to %cs");
        }
        if ((selector & ~3) == 0) {
            if (segment == SS && (cpu.cpl() == 3 || (selector & 3) != cpu.cpl())) {
                throw CpuException.generalProtection(0, "null selector loaded into %ss at CPL " + cpu.cpl());
            }
            cpu.setSegment(segment, selector, 0, 0);
            return;
        }
        LinearMemory system = execution.memory(MemoryRole.SYSTEM);
        SegmentDescriptor descriptor = read(system, cpu, segment, selector);
        long raw = descriptor.raw();
        if (!(segment == SS ? usableAsStack(raw, descriptor.dpl(), cpu.cpl(), selector & 3)
                : usableAsData(raw, descriptor.dpl(), cpu.cpl(), selector & 3))) {
            throw CpuException.generalProtection(selector & ~3, String.format(
                    "descriptor %#x of selector %#x cannot be loaded into segment %d at CPL %d", raw, selector,
                    segment, cpu.cpl()));
        }
        if ((raw & ACCESSED) == 0) {
            system.write(cpu.gdtrBase() + (selector & ~7) + 4, 4, (raw | ACCESSED) >>> 32);
        }
        cpu.setSegment(segment, selector, descriptor.base(), new SegmentDescriptor(raw | ACCESSED).flags());
    }

    /** Reads the descriptor; a missing stack segment is #SS rather than #NP. */
    private static SegmentDescriptor read(LinearMemory system, CpuState cpu, int segment, int selector)
            throws CpuException {
        try {
            return SegmentDescriptor.read(system, cpu, selector, 0);
        } catch (CpuException e) {
            if (segment == SS && e.vector() == CpuException.NP) {
                throw CpuException.of(CpuException.SS, e.errorCode(), "#SS: " + e.getMessage());
            }
            throw e;
        }
    }

    private static boolean usableAsStack(long raw, int dpl, int cpl, int rpl) {
        boolean writableData = (raw & SYSTEM_SEGMENT_FLAG) != 0 && (raw & CODE) == 0
                && (raw & READABLE_OR_WRITABLE) != 0;
        return writableData && rpl == cpl && dpl == cpl;
    }

    private static boolean usableAsData(long raw, int dpl, int cpl, int rpl) {
        if ((raw & SYSTEM_SEGMENT_FLAG) == 0) {
            return false;
        }
        boolean code = (raw & CODE) != 0;
        if (code && (raw & READABLE_OR_WRITABLE) == 0) {
            return false;
        }
        boolean conformingCode = code && (raw & CONFORMING) != 0;
        return conformingCode || dpl >= Math.max(cpl, rpl);
    }
}
