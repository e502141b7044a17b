package org.hybridbridge.x86.exec;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;

/**
 * The architectural state of one x86-64 logical processor in long mode: what the semantics
 * read and write. Mutable; owned by one {@link Machine}. General-purpose registers are indexed
 * by their encoding number (0 = RAX ... 15 = R15), segment registers by theirs (0 = ES ... 5 = GS).
 */
public final class CpuState {

    /** RFLAGS bits. */
    public static final long CF = 1L, PF = 1L << 2, AF = 1L << 4, ZF = 1L << 6, SF = 1L << 7, TF = 1L << 8,
            IF = 1L << 9, DF = 1L << 10, OF = 1L << 11, IOPL = 3L << 12, NT = 1L << 14, RF = 1L << 16,
            AC = 1L << 18, ID = 1L << 21;
    /** The arithmetic flags: what ALU instructions define. */
    public static final long STATUS_FLAGS = CF | PF | AF | ZF | SF | OF;
    /** Bit 1 of RFLAGS always reads as 1. */
    public static final long RFLAGS_FIXED = 1L << 1;

    /** Model-specific registers the engine gives meaning to. */
    public static final int MSR_EFER = 0xC000_0080, MSR_STAR = 0xC000_0081, MSR_LSTAR = 0xC000_0082,
            MSR_CSTAR = 0xC000_0083, MSR_SFMASK = 0xC000_0084, MSR_FS_BASE = 0xC000_0100,
            MSR_GS_BASE = 0xC000_0101, MSR_KERNEL_GS_BASE = 0xC000_0102, MSR_TSC_AUX = 0xC000_0103,
            MSR_PAT = 0x277, MSR_TSC = 0x10;

    /** Size of {@link #x87()}: the x87 part of a FXSAVE image. */
    public static final int X87_STATE_BYTES = 160;

    private final long[] gpr = new long[16];
    private long rip;
    private long rflags = RFLAGS_FIXED;

    private final int[] selector = new int[6];
    private final long[] segmentBase = new long[6];
    private final int[] segmentFlags = new int[6];
    private long kernelGsBase;

    private final long[] cr = new long[16];
    /** DR0..DR3, DR6 and DR7 at their architectural indexes; the others are unused. */
    private final long[] dr = { 0, 0, 0, 0, 0, 0, 0xFFFF_0FF0L, 0x400 };
    /**
     * The x87 part of the FXSAVE image, bytes 0..159 (FCW, FSW, abridged FTW, FOP, FIP, FDP,
     * ST0..ST7); the engine saves and restores it and runs the few x87 instructions the kernel
     * executes ({@link X87Semantics}).
     */
    private final byte[] x87 = initialX87();
    private long efer;
    private long gdtrBase, idtrBase;
    private int gdtrLimit, idtrLimit;
    private int trSelector;
    private long trBase;
    private int trLimit;
    private long xcr0 = 1;
    private int mxcsr = 0x1F80;
    /**
     * XMM0..15 as immutable values, so an SSE instruction reads a register without making a
     * value and writes one by keeping its result (two longs per register made one per read).
     */
    private final Xmm[] xmm = Collections.nCopies(16, Xmm.ZERO).toArray(Xmm[]::new);
    private final Map<Integer, Long> msrs = new HashMap<>();

    public long gpr(int number) {
        return gpr[number];
    }

    public void setGpr(int number, long value) {
        gpr[number] = value;
    }

    public long rip() {
        return rip;
    }

    public void setRip(long value) {
        rip = value;
    }

    public long rflags() {
        return rflags;
    }

    /** Sets RFLAGS; bit 1 is forced to 1 as the CPU does. */
    public void setRflags(long value) {
        rflags = value | RFLAGS_FIXED;
    }

    public boolean flag(long mask) {
        return (rflags & mask) != 0;
    }

    public void setFlag(long mask, boolean set) {
        rflags = set ? rflags | mask : rflags & ~mask;
    }

    /** @return the current privilege level: CS.RPL */
    public int cpl() {
        return selector[1] & 3;
    }

    public int selector(int segment) {
        return selector[segment];
    }

    public long segmentBase(int segment) {
        return segmentBase[segment];
    }

    /** @return the descriptor attribute bits of the hidden part (QEMU's layout: bits 8..23 of the high dword) */
    public int segmentFlags(int segment) {
        return segmentFlags[segment];
    }

    /** Loads a segment register with its hidden part. */
    public void setSegment(int segment, int selectorValue, long base, int flags) {
        selector[segment] = selectorValue;
        segmentBase[segment] = base;
        segmentFlags[segment] = flags;
    }

    /** Sets only the base (what {@code wrmsr FS_BASE/GS_BASE} and {@code swapgs} change). */
    public void setSegmentBase(int segment, long base) {
        segmentBase[segment] = base;
    }

    public long kernelGsBase() {
        return kernelGsBase;
    }

    public void setKernelGsBase(long value) {
        kernelGsBase = value;
    }

    public long cr(int number) {
        return cr[number];
    }

    public void setCr(int number, long value) {
        cr[number] = value;
    }

    public long dr(int number) {
        return dr[number];
    }

    public void setDr(int number, long value) {
        dr[number] = value;
    }

    /** @return a copy of the x87 state as FXSAVE lays out bytes 0..159 (bytes 24..31, MXCSR, are unused) */
    public byte[] x87() {
        return x87.clone();
    }

    public void setX87(byte[] state) {
        if (state.length != X87_STATE_BYTES) {
            throw new IllegalArgumentException("x87 state is " + X87_STATE_BYTES + " bytes, not " + state.length);
        }
        System.arraycopy(state, 0, x87, 0, X87_STATE_BYTES);
    }

    /** The state after FNINIT: FCW 0x037F, everything else zero (all registers empty). */
    private static byte[] initialX87() {
        byte[] state = new byte[X87_STATE_BYTES];
        state[0] = 0x7F;
        state[1] = 0x03;
        return state;
    }

    public long efer() {
        return efer;
    }

    public void setEfer(long value) {
        efer = value;
    }

    public long gdtrBase() {
        return gdtrBase;
    }

    public int gdtrLimit() {
        return gdtrLimit;
    }

    public void setGdtr(long base, int limit) {
        gdtrBase = base;
        gdtrLimit = limit;
    }

    public long idtrBase() {
        return idtrBase;
    }

    public int idtrLimit() {
        return idtrLimit;
    }

    public void setIdtr(long base, int limit) {
        idtrBase = base;
        idtrLimit = limit;
    }

    public int trSelector() {
        return trSelector;
    }

    public long trBase() {
        return trBase;
    }

    public int trLimit() {
        return trLimit;
    }

    public void setTr(int selectorValue, long base, int limit) {
        trSelector = selectorValue;
        trBase = base;
        trLimit = limit;
    }

    public long xcr0() {
        return xcr0;
    }

    public void setXcr0(long value) {
        xcr0 = value;
    }

    public int mxcsr() {
        return mxcsr;
    }

    public void setMxcsr(int value) {
        mxcsr = value;
    }

    /** @return the low (half 0) or high (half 1) 64 bits of XMM{@code number} */
    public long xmm(int number, int half) {
        return half == 0 ? xmm[number].low() : xmm[number].high();
    }

    public void setXmm(int number, int half, long value) {
        xmm[number] = half == 0 ? new Xmm(value, xmm[number].high()) : new Xmm(xmm[number].low(), value);
    }

    /** @return XMM{@code number} */
    Xmm xmm(int number) {
        return xmm[number];
    }

    void setXmm(int number, Xmm value) {
        xmm[number] = value;
    }

    /**
     * @return the value of an MSR without architectural side effects beyond storage
     *         (EFER, the syscall MSRs, FS/GS bases and KERNEL_GS_BASE are kept in their own fields)
     */
    public long msr(int index) {
        return switch (index) {
            case MSR_EFER -> efer;
            case MSR_FS_BASE -> segmentBase[4];
            case MSR_GS_BASE -> segmentBase[5];
            case MSR_KERNEL_GS_BASE -> kernelGsBase;
            default -> msrs.getOrDefault(index, 0L);
        };
    }

    /** @return whether the MSR has been given a value (by the snapshot or by {@code wrmsr}) */
    public boolean hasMsr(int index) {
        return switch (index) {
            case MSR_EFER, MSR_FS_BASE, MSR_GS_BASE, MSR_KERNEL_GS_BASE -> true;
            default -> msrs.containsKey(index);
        };
    }

    public void setMsr(int index, long value) {
        switch (index) {
            case MSR_EFER -> efer = value;
            case MSR_FS_BASE -> segmentBase[4] = value;
            case MSR_GS_BASE -> segmentBase[5] = value;
            case MSR_KERNEL_GS_BASE -> kernelGsBase = value;
            default -> msrs.put(index, value);
        }
    }

    /** @return an independent copy of this state */
    public CpuState copy() {
        CpuState copy = new CpuState();
        System.arraycopy(gpr, 0, copy.gpr, 0, gpr.length);
        copy.rip = rip;
        copy.rflags = rflags;
        System.arraycopy(selector, 0, copy.selector, 0, selector.length);
        System.arraycopy(segmentBase, 0, copy.segmentBase, 0, segmentBase.length);
        System.arraycopy(segmentFlags, 0, copy.segmentFlags, 0, segmentFlags.length);
        copy.kernelGsBase = kernelGsBase;
        System.arraycopy(cr, 0, copy.cr, 0, cr.length);
        System.arraycopy(dr, 0, copy.dr, 0, dr.length);
        System.arraycopy(x87, 0, copy.x87, 0, x87.length);
        copy.efer = efer;
        copy.gdtrBase = gdtrBase;
        copy.gdtrLimit = gdtrLimit;
        copy.idtrBase = idtrBase;
        copy.idtrLimit = idtrLimit;
        copy.trSelector = trSelector;
        copy.trBase = trBase;
        copy.trLimit = trLimit;
        copy.xcr0 = xcr0;
        copy.mxcsr = mxcsr;
        System.arraycopy(xmm, 0, copy.xmm, 0, xmm.length);
        copy.msrs.putAll(msrs);
        return copy;
    }
}
