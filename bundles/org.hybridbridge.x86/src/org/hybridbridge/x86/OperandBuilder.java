package org.hybridbridge.x86;

/**
 * Turns the operand columns of the chosen table row into operands, reading the immediates,
 * branch offsets and absolute offsets that follow the ModRM bytes, in column order (which is
 * encoding order).
 */
final class OperandBuilder {

    private final InstructionBytes in;
    private final Prefixes prefixes;
    private final ModRm modRm;
    private final int opcode;
    private final int operandSize;
    private final int addressSize;
    private int rexBitsUsed;
    private boolean byteRegisterNeedsRex;

    OperandBuilder(InstructionBytes in, Prefixes prefixes, ModRm modRm, int opcode, int operandSize, int addressSize) {
        this.in = in;
        this.prefixes = prefixes;
        this.modRm = modRm;
        this.opcode = opcode;
        this.operandSize = operandSize;
        this.addressSize = addressSize;
    }

    Operand build(OperandSpec spec, Access access) throws DecodeException {
        int bits = spec.size().bits(operandSize);
        return switch (spec.addressing()) {
            case E, M, R, W, U, Q, N -> fromRm(spec, bits, access);
            case G -> {
                rexBitsUsed |= ModRm.REX_R;
                yield new RegisterOperand(gpr(modRm.reg, bits), access);
            }
            case S -> segmentRegister(access);
            case C, D, V -> {
                rexBitsUsed |= ModRm.REX_R;
                RegisterKind kind = spec.addressing() == Addressing.C ? RegisterKind.CONTROL
                        : spec.addressing() == Addressing.D ? RegisterKind.DEBUG : RegisterKind.XMM;
                yield new RegisterOperand(Register.of(kind, modRm.reg), access);
            }
            case P -> new RegisterOperand(Register.of(RegisterKind.MMX, modRm.reg), access);
            case Z -> {
                rexBitsUsed |= ModRm.REX_B;
                yield new RegisterOperand(gpr((opcode & 7) | (prefixes.rexB() ? 8 : 0), bits), access);
            }
            case ACCUMULATOR -> new RegisterOperand(gpr(0, bits), access);
            case FIXED -> new RegisterOperand(spec.fixedRegister(), access);
            case I -> immediate(spec.size(), bits);
            case I_SIGN_EXTENDED -> new ImmediateOperand(in.nextSigned(1), operandSize);
            // rel16 only where a 16-bit operand size can reach a branch: XBEGIN (the others are f64)
            case J -> branch(spec.size() == OperandSize.B ? 1 : operandSize == 16 ? 2 : 4);
            case O -> absolute(bits, access);
            case X -> stringOperand(prefixes.segment() != null ? prefixes.segment() : Register.DS, 6, bits, access);
            case Y -> stringOperand(Register.ES, 7, bits, access);
        };
    }

    private Operand fromRm(OperandSpec spec, int bits, Access access) throws DecodeException {
        boolean registerOnly = spec.addressing() == Addressing.R || spec.addressing() == Addressing.U
                || spec.addressing() == Addressing.N;
        // mov to/from CR/DR treats every mod as 11; U and N rows are matched with mod 11 only
        if (modRm.isRegister() || registerOnly) {
            return new RegisterOperand(switch (spec.addressing()) {
                case W, U -> {
                    rexBitsUsed |= ModRm.REX_B;
                    yield Register.of(RegisterKind.XMM, modRm.rm);
                }
                case Q, N -> Register.of(RegisterKind.MMX, modRm.rm);
                default -> {
                    rexBitsUsed |= ModRm.REX_B;
                    yield gpr(modRm.rm, bits);
                }
            }, access);
        }
        rexBitsUsed |= modRm.rexBitsUsed;
        return memory(bits, access);
    }

    private MemoryOperand memory(int bits, Access access) {
        return new MemoryOperand(prefixes.segment(), modRm.base, modRm.index, modRm.scale, modRm.displacement,
                modRm.displacementSize, 0, bits, access);
    }

    private Operand segmentRegister(Access access) throws DecodeException {
        int number = modRm.regField();
        if (number > 5) {
            throw in.error("no segment register " + number);
        }
        return new RegisterOperand(Register.segment(number), access);
    }

    private ImmediateOperand immediate(OperandSize size, int bits) throws DecodeException {
        return switch (size) {
            case B -> new ImmediateOperand(in.nextSigned(1) & 0xFF, 8);
            case W -> new ImmediateOperand(in.nextSigned(2) & 0xFFFF, 16);
            // Iz: 16 or 32 bits, sign-extended to 64 at operand size 64
            case Z -> new ImmediateOperand(in.nextSigned(operandSize == 16 ? 2 : 4), operandSize);
            case V -> new ImmediateOperand(in.nextSigned(bits / 8), bits);
            default -> throw new IllegalStateException("no immediate of size " + size);
        };
    }

    private BranchOperand branch(int size) throws DecodeException {
        long offset = in.nextSigned(size);
        // the offset is the last field, so the next instruction starts here; rel16 truncates IP to 16 bits
        long target = in.address() + in.length() + offset;
        return new BranchOperand(size == 2 ? target & 0xFFFF : target);
    }

    private MemoryOperand absolute(int bits, Access access) throws DecodeException {
        int size = addressSize / 8;
        long offset = in.nextSigned(size);
        if (size < 8) {
            offset &= 0xFFFF_FFFFL;
        }
        return new MemoryOperand(prefixes.segment(), null, null, 1, offset, size, 0, bits, access);
    }

    private MemoryOperand stringOperand(Register segment, int registerNumber, int bits, Access access) {
        return new MemoryOperand(segment, Register.gpr(registerNumber, addressSize, true), null, 1, 0, 0, 0, bits,
                access);
    }

    private Register gpr(int number, int bits) {
        Register register = Register.gpr(number, bits, prefixes.hasRex());
        byteRegisterNeedsRex |= bits == 8 && number >= 4 && number < 8;
        return register;
    }

    /** @return the REX.W/R/X/B bits that the operands built so far depend on */
    int rexBitsUsed() {
        return rexBitsUsed;
    }

    /** @return whether an operand needs a REX prefix to be the register it is (SPL, BPL, SIL, DIL) */
    boolean byteRegisterNeedsRex() {
        return byteRegisterNeedsRex;
    }
}
