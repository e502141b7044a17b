package org.hybridbridge.x86.exec;

/**
 * An 8-byte code or data segment descriptor from the GDT, as far as long mode looks at it.
 *
 * @param raw the descriptor's 8 bytes, little-endian
 */
record SegmentDescriptor(long raw) {

    private static final int GDT_ENTRY = 8;

    /**
     * Reads the descriptor {@code selector} names from the GDT, with the processor's own
     * (supervisor) access.
     *
     * @throws CpuException #GP(selector) for a null selector, an LDT selector (the model keeps
     *                      no LDT) or one beyond the GDT limit; #NP(selector) if not present
     */
    static SegmentDescriptor read(LinearMemory system, CpuState cpu, int selector, int ext) throws CpuException {
        int index = selector & ~7;
        int error = (selector & 0xFFFC) | ext;
        if (index == 0 || (selector & 4) != 0 || index + GDT_ENTRY - 1 > cpu.gdtrLimit()) {
            throw CpuException.of(CpuException.GP, error, String.format("#GP: bad selector %#x", selector));
        }
        SegmentDescriptor descriptor = new SegmentDescriptor(system.read(cpu.gdtrBase() + index, 8));
        if (!descriptor.present()) {
            throw CpuException.of(CpuException.NP, error, String.format("#NP: selector %#x not present", selector));
        }
        return descriptor;
    }

    int dpl() {
        return (int) (raw >>> 45) & 3;
    }

    boolean present() {
        return (raw & (1L << 47)) != 0;
    }

    /** @return whether it is a 64-bit code segment (S=1, code, L=1) */
    boolean isLongModeCode() {
        return (raw & (1L << 44)) != 0 && (raw & (1L << 43)) != 0 && (raw & (1L << 53)) != 0;
    }

    /**
     * @return bits 8..23 of the high dword in place, as {@link CpuState#segmentFlags} keeps them:
     *         what QEMU holds after loading the descriptor (limit bits 19:16 included)
     */
    int flags() {
        return (int) (raw >>> 32) & 0x00FF_FF00;
    }

    /** @return the 32-bit base (long mode ignores it except for FS and GS, loaded by MSR) */
    long base() {
        return (raw >>> 16 & 0xFF_FFFFL) | (raw >>> 56 & 0xFF) << 24;
    }
}
