package org.hybridbridge.x86;

/**
 * The size codes of the SDM's operand notation (Appendix A.2.2): the lower-case letters after
 * the addressing method, e.g. the {@code v} of {@code Ev}.
 */
enum OperandSize {
    /** Byte. */
    B,
    /** Word. */
    W,
    /** Doubleword. */
    D,
    /** Quadword. */
    Q,
    /** Word, doubleword or quadword by operand size. */
    V,
    /** Doubleword, or quadword with REX.W. */
    Y,
    /** Word for 16-bit operand size, doubleword otherwise. */
    Z,
    /** 128 bits (an XMM register or memory). */
    X,
    /** Scalar single: 32 bits of an XMM register. */
    SS,
    /** Scalar double: 64 bits of an XMM register. */
    SD,
    /** Pseudo-descriptor of {@code lgdt}/{@code sgdt}: 10 bytes in long mode. */
    S,
    /** No size: the operand is only an address, or its size is implied by the instruction. */
    NONE;

    /** @return whether this size changes with the operand-size attribute (66 or REX.W) */
    boolean isVariable() {
        return this == V || this == Y || this == Z;
    }

    /** @return whether a 66 prefix changes this size */
    boolean followsOperandSizePrefix() {
        return this == V || this == Z;
    }

    /** @return whether REX.W changes this size */
    boolean followsRexW() {
        return this == V || this == Y;
    }

    /**
     * @param operandBits the instruction's effective operand size (16, 32 or 64)
     * @return the width in bits
     */
    int bits(int operandBits) {
        return switch (this) {
            case B -> 8;
            case W -> 16;
            case D, SS -> 32;
            case Q, SD -> 64;
            case V -> operandBits;
            case Y -> operandBits == 64 ? 64 : 32;
            case Z -> operandBits == 16 ? 16 : 32;
            case X -> 128;
            case S -> 80;
            case NONE -> 0;
        };
    }
}
