package org.hybridbridge.x86.exec;

/**
 * An architectural exception raised by an instruction (a fault: RIP stays at the instruction).
 * The {@link Machine} delivers it through the guest's IDT, as the CPU would.
 */
public final class CpuException extends Exception {

    private static final long serialVersionUID = 1L;

    public static final int DE = 0, DB = 1, BP = 3, UD = 6, NM = 7, DF = 8, TS = 10, NP = 11, SS = 12, GP = 13,
            PF = 14, MF = 16, AC = 17, XM = 19;

    /** Page-fault error code bits. */
    public static final int PF_PRESENT = 1, PF_WRITE = 2, PF_USER = 4, PF_RESERVED = 8, PF_FETCH = 16;

    private final int vector;
    private final int errorCode;
    private final boolean hasErrorCode;
    private final long faultAddress;
    private final boolean software;

    private CpuException(int vector, int errorCode, boolean hasErrorCode, long faultAddress, String why) {
        this(vector, errorCode, hasErrorCode, faultAddress, false, why);
    }

    private CpuException(int vector, int errorCode, boolean hasErrorCode, long faultAddress, boolean software,
            String why) {
        super(why, null, false, false);
        this.vector = vector;
        this.errorCode = errorCode;
        this.hasErrorCode = hasErrorCode;
        this.faultAddress = faultAddress;
        this.software = software;
    }

    /** #PF at {@code address} (what CR2 receives) with the page-fault error code. */
    public static CpuException pageFault(long address, int errorCode) {
        return new CpuException(PF, errorCode, true, address, null);
    }

    /** #GP with an error code (0 for most causes). */
    public static CpuException generalProtection(int errorCode, String why) {
        return new CpuException(GP, errorCode, true, 0, "#GP(" + errorCode + "): " + why);
    }

    /** #UD: the instruction is not valid here. */
    public static CpuException invalidOpcode(String why) {
        return new CpuException(UD, 0, false, 0, "#UD: " + why);
    }

    /** #DE: division by zero or a quotient that does not fit. */
    public static CpuException divideError() {
        return new CpuException(DE, 0, false, 0, "#DE: divide error");
    }

    /** #BP from {@code int3}: a trap, RIP is already past the instruction. */
    public static CpuException breakpoint() {
        return new CpuException(BP, 0, false, 0, true, "#BP");
    }

    /**
     * {@code int n}: a trap (RIP is already past the instruction) delivered only through a gate
     * whose DPL allows the current privilege level.
     */
    public static CpuException softwareInterrupt(int vector) {
        return new CpuException(vector, 0, false, 0, true, "int $" + Integer.toHexString(vector));
    }

    /** Any other vector. */
    public static CpuException of(int vector, Integer errorCode, String why) {
        return new CpuException(vector, errorCode == null ? 0 : errorCode, errorCode != null, 0, why);
    }

    /**
     * A page fault's text is made when asked for: the kernel demand-pages, so most page faults are
     * delivered and never printed (formatting each was ~1% of the bytes warm ps allocated).
     */
    @Override
    public String getMessage() {
        return vector == PF && super.getMessage() == null
                ? String.format("#PF at %#x (error code %#x)", faultAddress, errorCode)
                : super.getMessage();
    }

    public int vector() {
        return vector;
    }

    public int errorCode() {
        return errorCode;
    }

    public boolean hasErrorCode() {
        return hasErrorCode;
    }

    /**
     * @return whether {@code int n} or {@code int3} raised it: a trap whose return address is
     *         the next instruction, checked against the gate's DPL, without the EXT bit
     */
    public boolean isSoftware() {
        return software;
    }

    /** @return for #PF, the linear address that faulted */
    public long faultAddress() {
        return faultAddress;
    }
}
