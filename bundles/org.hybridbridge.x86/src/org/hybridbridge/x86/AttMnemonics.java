package org.hybridbridge.x86;

import java.util.Map;

/** objdump's spelling of a mnemonic, operand-size suffix included. */
final class AttMnemonics {

    /** Names objdump spells differently from the SDM. */
    private static final Map<Mnemonic, String> RENAMED = Map.of(Mnemonic.CBW, "cbtw", Mnemonic.CWDE, "cwtl",
            Mnemonic.CDQE, "cltq", Mnemonic.CWD, "cwtd", Mnemonic.CDQ, "cltd", Mnemonic.CQO, "cqto");

    private AttMnemonics() {
    }

    static String of(Instruction instruction) {
        Mnemonic mnemonic = instruction.mnemonic();
        String renamed = RENAMED.get(mnemonic);
        if (renamed != null) {
            return renamed;
        }
        return switch (mnemonic) {
            case MOVZX -> "movz" + extensionSuffixes(instruction);
            case MOVSX -> "movs" + extensionSuffixes(instruction);
            case MOVSXD -> instruction.operandSize() == 64 ? "movslq" : "movsxd";
            case MOV -> isMovabs(instruction) ? "movabs" : "mov" + sizeSuffix(instruction);
            // the count register follows the address size: ecx under 67
            case JRCXZ -> instruction.addressSize() == 32 ? "jecxz" : "jrcxz";
            case LOOP, LOOPE, LOOPNE -> AttSyntax.lower(mnemonic) + (instruction.addressSize() == 32 ? "l" : "");
            // the only FILD decoded is the m32int form
            case FILD -> "fildl";
            // the destination register does not say how many source bytes are summed
            case CRC32 -> "crc32" + instruction.memoryOperand().map(m -> letter(m.bits())).orElse("");
            default -> AttSyntax.lower(mnemonic) + sizeSuffix(instruction);
        };
    }

    /** movzx/movsx always carry both sizes: {@code movzbl}, {@code movswq}. */
    private static String extensionSuffixes(Instruction instruction) {
        return letter(width(instruction.operands().get(1))) + letter(width(instruction.operands().get(0)));
    }

    private static boolean isMovabs(Instruction instruction) {
        if (!instruction.entry().has(OpcodeEntry.FLAG_MOVABS)) {
            return false;
        }
        // moffs forms always, MOV Zv,Iv only with its 8-byte immediate
        // with a 67 prefix the offset has four bytes and objdump says mov
        return instruction.operands().stream().anyMatch(o -> o instanceof MemoryOperand && instruction.addressSize() == 64
                || o instanceof ImmediateOperand i && i.bits() == 64);
    }

    /**
     * objdump adds a suffix when a memory operand of byte or operand size has no register
     * operand beside it to tell its size ({@code movl $0x0,(%rax)}, {@code shll %cl,(%rax)}),
     * except for rows that never take one; default-64 stack operations only say {@code w}.
     */
    private static String sizeSuffix(Instruction instruction) {
        OpcodeEntry entry = instruction.entry();
        if (entry.has(OpcodeEntry.FLAG_NO_SUFFIX)) {
            return "";
        }
        int sizedMemoryBits = 0;
        for (int i = 0; i < instruction.operands().size(); i++) {
            Operand operand = instruction.operands().get(i);
            OperandSpec spec = entry.operands().get(i);
            if (operand instanceof RegisterOperand && spec.namesSizedRegister()) {
                return "";
            }
            if (operand instanceof MemoryOperand m && takesSuffix(spec)) {
                sizedMemoryBits = m.bits();
            }
        }
        if (entry.has(OpcodeEntry.FLAG_DEFAULT_64)) {
            // stack operations say only when they are 16-bit: pushw, popw %gs, retw
            return instruction.operandSize() == 16 ? "w" : "";
        }
        return sizedMemoryBits == 0 ? "" : letter(sizedMemoryBits);
    }

    private static boolean takesSuffix(OperandSpec spec) {
        return switch (spec.addressing()) {
            case E, M, X, Y -> spec.size() == OperandSize.B || spec.size().isVariable();
            default -> false;
        };
    }

    private static int width(Operand operand) {
        return switch (operand) {
            case RegisterOperand r -> r.register().bits();
            case MemoryOperand m -> m.bits();
            default -> throw new IllegalStateException("no width: " + operand);
        };
    }

    private static String letter(int bits) {
        return switch (bits) {
            case 8 -> "b";
            case 16 -> "w";
            case 32 -> "l";
            case 64 -> "q";
            default -> throw new IllegalStateException("no suffix for " + bits + " bits");
        };
    }
}
