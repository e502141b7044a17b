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

    private CpuException(int vector, int errorCode, boolean hasErrorCode, long faultAddress, String why) {
        super(why, null, false, false);
        this.vector = vector;
        this.errorCode = errorCode;
        this.hasErrorCode = hasErrorCode;
        this.faultAddress = faultAddress;
    }

    /** #PF at {@code address} (what CR2 receives) with the page-fault error code. */
    public static CpuException pageFault(long address, int errorCode) {
        return new CpuException(PF, errorCode, true, address,
                String.format("#PF at %#x (error code %#x)", address, errorCode));
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
        return new CpuException(BP, 0, false, 0, "#BP");
    }

    /** Any other vector. */
    public static CpuException of(int vector, Integer errorCode, String why) {
        return new CpuException(vector, errorCode == null ? 0 : errorCode, errorCode != null, 0, why);
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

    /** @return for #PF, the linear address that faulted */
    public long faultAddress() {
        return faultAddress;
    }
}
