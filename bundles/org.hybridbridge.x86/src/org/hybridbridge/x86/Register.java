package org.hybridbridge.x86;

/**
 * Every register an instruction decoded by {@link Decoder} can name. A general-purpose register
 * is one constant per width ({@code RAX}, {@code EAX}, {@code AX}, {@code AL}), so an operand
 * says exactly which bits it touches: {@link #number()} is the architectural register (0 = RAX
 * ... 15 = R15) and {@link #byteOffset()} the first byte within it (1 for AH..BH).
 */
public enum Register {
    RAX(RegisterKind.GPR, 0, 64, "rax"),
    RCX(RegisterKind.GPR, 1, 64, "rcx"),
    RDX(RegisterKind.GPR, 2, 64, "rdx"),
    RBX(RegisterKind.GPR, 3, 64, "rbx"),
    RSP(RegisterKind.GPR, 4, 64, "rsp"),
    RBP(RegisterKind.GPR, 5, 64, "rbp"),
    RSI(RegisterKind.GPR, 6, 64, "rsi"),
    RDI(RegisterKind.GPR, 7, 64, "rdi"),
    R8(RegisterKind.GPR, 8, 64, "r8"),
    R9(RegisterKind.GPR, 9, 64, "r9"),
    R10(RegisterKind.GPR, 10, 64, "r10"),
    R11(RegisterKind.GPR, 11, 64, "r11"),
    R12(RegisterKind.GPR, 12, 64, "r12"),
    R13(RegisterKind.GPR, 13, 64, "r13"),
    R14(RegisterKind.GPR, 14, 64, "r14"),
    R15(RegisterKind.GPR, 15, 64, "r15"),
    EAX(RegisterKind.GPR, 0, 32, "eax"),
    ECX(RegisterKind.GPR, 1, 32, "ecx"),
    EDX(RegisterKind.GPR, 2, 32, "edx"),
    EBX(RegisterKind.GPR, 3, 32, "ebx"),
    ESP(RegisterKind.GPR, 4, 32, "esp"),
    EBP(RegisterKind.GPR, 5, 32, "ebp"),
    ESI(RegisterKind.GPR, 6, 32, "esi"),
    EDI(RegisterKind.GPR, 7, 32, "edi"),
    R8D(RegisterKind.GPR, 8, 32, "r8d"),
    R9D(RegisterKind.GPR, 9, 32, "r9d"),
    R10D(RegisterKind.GPR, 10, 32, "r10d"),
    R11D(RegisterKind.GPR, 11, 32, "r11d"),
    R12D(RegisterKind.GPR, 12, 32, "r12d"),
    R13D(RegisterKind.GPR, 13, 32, "r13d"),
    R14D(RegisterKind.GPR, 14, 32, "r14d"),
    R15D(RegisterKind.GPR, 15, 32, "r15d"),
    AX(RegisterKind.GPR, 0, 16, "ax"),
    CX(RegisterKind.GPR, 1, 16, "cx"),
    DX(RegisterKind.GPR, 2, 16, "dx"),
    BX(RegisterKind.GPR, 3, 16, "bx"),
    SP(RegisterKind.GPR, 4, 16, "sp"),
    BP(RegisterKind.GPR, 5, 16, "bp"),
    SI(RegisterKind.GPR, 6, 16, "si"),
    DI(RegisterKind.GPR, 7, 16, "di"),
    R8W(RegisterKind.GPR, 8, 16, "r8w"),
    R9W(RegisterKind.GPR, 9, 16, "r9w"),
    R10W(RegisterKind.GPR, 10, 16, "r10w"),
    R11W(RegisterKind.GPR, 11, 16, "r11w"),
    R12W(RegisterKind.GPR, 12, 16, "r12w"),
    R13W(RegisterKind.GPR, 13, 16, "r13w"),
    R14W(RegisterKind.GPR, 14, 16, "r14w"),
    R15W(RegisterKind.GPR, 15, 16, "r15w"),
    AL(RegisterKind.GPR, 0, 8, "al"),
    CL(RegisterKind.GPR, 1, 8, "cl"),
    DL(RegisterKind.GPR, 2, 8, "dl"),
    BL(RegisterKind.GPR, 3, 8, "bl"),
    SPL(RegisterKind.GPR, 4, 8, "spl"),
    BPL(RegisterKind.GPR, 5, 8, "bpl"),
    SIL(RegisterKind.GPR, 6, 8, "sil"),
    DIL(RegisterKind.GPR, 7, 8, "dil"),
    R8B(RegisterKind.GPR, 8, 8, "r8b"),
    R9B(RegisterKind.GPR, 9, 8, "r9b"),
    R10B(RegisterKind.GPR, 10, 8, "r10b"),
    R11B(RegisterKind.GPR, 11, 8, "r11b"),
    R12B(RegisterKind.GPR, 12, 8, "r12b"),
    R13B(RegisterKind.GPR, 13, 8, "r13b"),
    R14B(RegisterKind.GPR, 14, 8, "r14b"),
    R15B(RegisterKind.GPR, 15, 8, "r15b"),
    AH(RegisterKind.GPR_HIGH_BYTE, 0, 8, "ah"),
    CH(RegisterKind.GPR_HIGH_BYTE, 1, 8, "ch"),
    DH(RegisterKind.GPR_HIGH_BYTE, 2, 8, "dh"),
    BH(RegisterKind.GPR_HIGH_BYTE, 3, 8, "bh"),
    RIP(RegisterKind.INSTRUCTION_POINTER, 0, 64, "rip"),
    EIP(RegisterKind.INSTRUCTION_POINTER, 0, 32, "eip"),
    ES(RegisterKind.SEGMENT, 0, 16, "es"),
    CS(RegisterKind.SEGMENT, 1, 16, "cs"),
    SS(RegisterKind.SEGMENT, 2, 16, "ss"),
    DS(RegisterKind.SEGMENT, 3, 16, "ds"),
    FS(RegisterKind.SEGMENT, 4, 16, "fs"),
    GS(RegisterKind.SEGMENT, 5, 16, "gs"),
    CR0(RegisterKind.CONTROL, 0, 64, "cr0"),
    CR1(RegisterKind.CONTROL, 1, 64, "cr1"),
    CR2(RegisterKind.CONTROL, 2, 64, "cr2"),
    CR3(RegisterKind.CONTROL, 3, 64, "cr3"),
    CR4(RegisterKind.CONTROL, 4, 64, "cr4"),
    CR5(RegisterKind.CONTROL, 5, 64, "cr5"),
    CR6(RegisterKind.CONTROL, 6, 64, "cr6"),
    CR7(RegisterKind.CONTROL, 7, 64, "cr7"),
    CR8(RegisterKind.CONTROL, 8, 64, "cr8"),
    CR9(RegisterKind.CONTROL, 9, 64, "cr9"),
    CR10(RegisterKind.CONTROL, 10, 64, "cr10"),
    CR11(RegisterKind.CONTROL, 11, 64, "cr11"),
    CR12(RegisterKind.CONTROL, 12, 64, "cr12"),
    CR13(RegisterKind.CONTROL, 13, 64, "cr13"),
    CR14(RegisterKind.CONTROL, 14, 64, "cr14"),
    CR15(RegisterKind.CONTROL, 15, 64, "cr15"),
    DR0(RegisterKind.DEBUG, 0, 64, "db0"),
    DR1(RegisterKind.DEBUG, 1, 64, "db1"),
    DR2(RegisterKind.DEBUG, 2, 64, "db2"),
    DR3(RegisterKind.DEBUG, 3, 64, "db3"),
    DR4(RegisterKind.DEBUG, 4, 64, "db4"),
    DR5(RegisterKind.DEBUG, 5, 64, "db5"),
    DR6(RegisterKind.DEBUG, 6, 64, "db6"),
    DR7(RegisterKind.DEBUG, 7, 64, "db7"),
    DR8(RegisterKind.DEBUG, 8, 64, "db8"),
    DR9(RegisterKind.DEBUG, 9, 64, "db9"),
    DR10(RegisterKind.DEBUG, 10, 64, "db10"),
    DR11(RegisterKind.DEBUG, 11, 64, "db11"),
    DR12(RegisterKind.DEBUG, 12, 64, "db12"),
    DR13(RegisterKind.DEBUG, 13, 64, "db13"),
    DR14(RegisterKind.DEBUG, 14, 64, "db14"),
    DR15(RegisterKind.DEBUG, 15, 64, "db15"),
    MM0(RegisterKind.MMX, 0, 64, "mm0"),
    MM1(RegisterKind.MMX, 1, 64, "mm1"),
    MM2(RegisterKind.MMX, 2, 64, "mm2"),
    MM3(RegisterKind.MMX, 3, 64, "mm3"),
    MM4(RegisterKind.MMX, 4, 64, "mm4"),
    MM5(RegisterKind.MMX, 5, 64, "mm5"),
    MM6(RegisterKind.MMX, 6, 64, "mm6"),
    MM7(RegisterKind.MMX, 7, 64, "mm7"),
    XMM0(RegisterKind.XMM, 0, 128, "xmm0"),
    XMM1(RegisterKind.XMM, 1, 128, "xmm1"),
    XMM2(RegisterKind.XMM, 2, 128, "xmm2"),
    XMM3(RegisterKind.XMM, 3, 128, "xmm3"),
    XMM4(RegisterKind.XMM, 4, 128, "xmm4"),
    XMM5(RegisterKind.XMM, 5, 128, "xmm5"),
    XMM6(RegisterKind.XMM, 6, 128, "xmm6"),
    XMM7(RegisterKind.XMM, 7, 128, "xmm7"),
    XMM8(RegisterKind.XMM, 8, 128, "xmm8"),
    XMM9(RegisterKind.XMM, 9, 128, "xmm9"),
    XMM10(RegisterKind.XMM, 10, 128, "xmm10"),
    XMM11(RegisterKind.XMM, 11, 128, "xmm11"),
    XMM12(RegisterKind.XMM, 12, 128, "xmm12"),
    XMM13(RegisterKind.XMM, 13, 128, "xmm13"),
    XMM14(RegisterKind.XMM, 14, 128, "xmm14"),
    XMM15(RegisterKind.XMM, 15, 128, "xmm15");

    private static final Register[] GPR64 = { RAX, RCX, RDX, RBX, RSP, RBP, RSI, RDI, R8, R9, R10, R11, R12, R13, R14, R15 };
    private static final Register[] GPR32 = { EAX, ECX, EDX, EBX, ESP, EBP, ESI, EDI, R8D, R9D, R10D, R11D, R12D, R13D, R14D, R15D };
    private static final Register[] GPR16 = { AX, CX, DX, BX, SP, BP, SI, DI, R8W, R9W, R10W, R11W, R12W, R13W, R14W, R15W };
    private static final Register[] GPR8 = { AL, CL, DL, BL, SPL, BPL, SIL, DIL, R8B, R9B, R10B, R11B, R12B, R13B, R14B, R15B };
    private static final Register[] HIGH_BYTES = { AH, CH, DH, BH };
    private static final Register[] SEGMENTS = { ES, CS, SS, DS, FS, GS };

    private final RegisterKind kind;
    private final int number;
    private final int bits;
    private final String attName;

    Register(RegisterKind kind, int number, int bits, String attName) {
        this.kind = kind;
        this.number = number;
        this.bits = bits;
        this.attName = attName;
    }

    /** @return the register file this register belongs to */
    public RegisterKind kind() {
        return kind;
    }

    /** @return the architectural number within its file (AH..BH report 0..3, the register they live in) */
    public int number() {
        return number;
    }

    /** @return the width in bits */
    public int bits() {
        return bits;
    }

    /** @return the index of the first byte this register covers within the full register (1 for AH..BH, else 0) */
    public int byteOffset() {
        return kind == RegisterKind.GPR_HIGH_BYTE ? 1 : 0;
    }

    /** @return whether this is a general-purpose register of any width, including AH..BH */
    public boolean isGeneralPurpose() {
        return kind == RegisterKind.GPR || kind == RegisterKind.GPR_HIGH_BYTE;
    }

    /** @return the name as GNU objdump prints it, without the {@code %} */
    public String attName() {
        return attName;
    }

    /** @return the 64-bit register this general-purpose register is part of */
    public Register fullRegister() {
        if (!isGeneralPurpose()) {
            throw new IllegalStateException(this + " is not a general-purpose register");
        }
        return GPR64[number];
    }

    /**
     * The general-purpose register with the given encoding and width.
     *
     * @param number   0..15, as encoded (REX bit included)
     * @param bits     8, 16, 32 or 64
     * @param rexPresent whether the instruction has a REX prefix: without one, byte registers
     *                 4..7 are AH, CH, DH, BH rather than SPL, BPL, SIL, DIL
     * @return the register
     */
    public static Register gpr(int number, int bits, boolean rexPresent) {
        return switch (bits) {
            case 64 -> GPR64[number];
            case 32 -> GPR32[number];
            case 16 -> GPR16[number];
            case 8 -> !rexPresent && number >= 4 && number < 8 ? HIGH_BYTES[number - 4] : GPR8[number];
            default -> throw new IllegalArgumentException("no " + bits + "-bit general-purpose register");
        };
    }

    /**
     * @param number 0..5 as encoded in the ModRM reg field
     * @return the segment register
     */
    public static Register segment(int number) {
        return SEGMENTS[number];
    }

    /**
     * @param kind  CONTROL, DEBUG, MMX or XMM
     * @param number the register number
     * @return the register of that file
     */
    public static Register of(RegisterKind kind, int number) {
        return switch (kind) {
            case CONTROL -> values()[CR0.ordinal() + number];
            case DEBUG -> values()[DR0.ordinal() + number];
            case MMX -> values()[MM0.ordinal() + (number & 7)];
            case XMM -> values()[XMM0.ordinal() + number];
            default -> throw new IllegalArgumentException("use gpr() or segment() for " + kind);
        };
    }
}
