package org.hybridbridge.x86;

import java.util.Locale;

/**
 * One operand column of an opcode table entry, parsed from the SDM notation: {@code Ev},
 * {@code Gb}, {@code Ibs}, {@code Jz}, {@code Wss}, or a register written out ({@code AL},
 * {@code rAX}, {@code eAX}, {@code CL}, {@code DX}).
 */
record OperandSpec(Addressing addressing, OperandSize size, Register fixedRegister) {

    static OperandSpec parse(String text) {
        switch (text) {
            case "AL":
                return new OperandSpec(Addressing.ACCUMULATOR, OperandSize.B, null);
            case "rAX":
                return new OperandSpec(Addressing.ACCUMULATOR, OperandSize.V, null);
            case "eAX":
                return new OperandSpec(Addressing.ACCUMULATOR, OperandSize.Z, null);
            case "CL":
                return new OperandSpec(Addressing.FIXED, OperandSize.B, Register.CL);
            case "DX":
                return new OperandSpec(Addressing.FIXED, OperandSize.W, Register.DX);
            case "FS":
                return new OperandSpec(Addressing.FIXED, OperandSize.W, Register.FS);
            case "GS":
                return new OperandSpec(Addressing.FIXED, OperandSize.W, Register.GS);
            case "Ibs":
                return new OperandSpec(Addressing.I_SIGN_EXTENDED, OperandSize.B, null);
            case "RAX", "EAX", "ECX", "EDX":
                // implicit operands objdump prints (monitor %rax,%ecx,%edx)
                return new OperandSpec(Addressing.FIXED, OperandSize.NONE, Register.valueOf(text));
            default:
                Addressing addressing = Addressing.valueOf(text.substring(0, 1));
                String size = text.substring(1);
                return new OperandSpec(addressing,
                        size.isEmpty() ? OperandSize.NONE : OperandSize.valueOf(size.toUpperCase(Locale.ROOT)), null);
        }
    }

    /** @return whether the operand is encoded in the ModRM byte */
    boolean usesModRm() {
        return switch (addressing) {
            case E, G, M, R, S, C, D, V, W, U, P, Q, N -> true;
            default -> false;
        };
    }

    /**
     * @return whether a register in this column is a general-purpose register whose width tells
     *         the reader the operand size, so objdump prints no mnemonic suffix (a count in CL, a
     *         port in DX or an XMM register do not)
     */
    boolean namesSizedRegister() {
        return switch (addressing) {
            case E, G, R, Z, ACCUMULATOR, S -> true;
            default -> false;
        };
    }
}
