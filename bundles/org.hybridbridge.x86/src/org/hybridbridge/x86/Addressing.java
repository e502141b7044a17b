package org.hybridbridge.x86;

/**
 * The addressing methods of the SDM's operand notation (Appendix A.2.1), plus the fixed
 * registers the opcode tables write out by name.
 */
enum Addressing {
    /** ModRM r/m: general-purpose register or memory. */
    E,
    /** ModRM reg: general-purpose register. */
    G,
    /** ModRM r/m, memory only. */
    M,
    /** ModRM r/m, general-purpose register only ({@code mov cr}). */
    R,
    /** Immediate, zero-extended (or sign-extended to 64 bits for {@code Iz} at operand size 64). */
    I,
    /** Immediate byte sign-extended to the operand size (QEMU's {@code Ibs}). */
    I_SIGN_EXTENDED,
    /** Relative branch offset. */
    J,
    /** Absolute memory offset (moffs), 8 bytes in long mode. */
    O,
    /** General-purpose register in the low three bits of the opcode. */
    Z,
    /** AL, AX, EAX or RAX by size. */
    ACCUMULATOR,
    /** A register named in the table that carries no operand size ({@code CL} count, {@code DX} port). */
    FIXED,
    /** ModRM reg: segment register. */
    S,
    /** ModRM reg: control register. */
    C,
    /** ModRM reg: debug register. */
    D,
    /** ModRM reg: XMM register. */
    V,
    /** ModRM r/m: XMM register or memory. */
    W,
    /** ModRM r/m: XMM register only. */
    U,
    /** ModRM reg: MMX register. */
    P,
    /** ModRM r/m: MMX register or memory. */
    Q,
    /** ModRM r/m: MMX register only. */
    N,
    /** String source DS:rSI. */
    X,
    /** String destination ES:rDI. */
    Y
}
