package org.hybridbridge.x86;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The prefixes objdump prints as words before the mnemonic, in encoding order: {@code lock},
 * {@code rep}/{@code repz}/{@code repnz}, {@code bnd} and {@code notrack} on branches, and the
 * prefixes that change nothing ({@code data16}, {@code addr32}, {@code cs}, {@code ds}, ...,
 * an unused REX as {@code rex.WRXB}); and the branch hints 2E/3E of conditional branches, which
 * objdump appends to the mnemonic ({@code je,pn}).
 */
final class PrefixWords {

    private static final Set<Mnemonic> REP_STRING = Set.of(Mnemonic.MOVS, Mnemonic.STOS, Mnemonic.LODS,
            Mnemonic.INS, Mnemonic.OUTS);
    /** The instructions LOCK applies to, which alone take the HLE hints xacquire/xrelease. */
    private static final Set<Mnemonic> LOCKABLE = Set.of(Mnemonic.ADD, Mnemonic.ADC, Mnemonic.AND, Mnemonic.BTC,
            Mnemonic.BTR, Mnemonic.BTS, Mnemonic.CMPXCHG, Mnemonic.CMPXCHG8B, Mnemonic.CMPXCHG16B, Mnemonic.DEC,
            Mnemonic.INC, Mnemonic.NEG, Mnemonic.NOT, Mnemonic.OR, Mnemonic.SBB, Mnemonic.SUB, Mnemonic.XOR,
            Mnemonic.XADD, Mnemonic.XCHG);
    private static final Set<Integer> SEGMENT_PREFIXES = Set.of(0x26, 0x2E, 0x36, 0x3E, 0x64, 0x65);
    private static final Set<Mnemonic> IMPLICIT_ADDRESS = Set.of(Mnemonic.LOOP, Mnemonic.LOOPE,
            Mnemonic.LOOPNE, Mnemonic.JRCXZ);

    private PrefixWords() {
    }

    static List<String> of(Instruction instruction) {
        Prefixes prefixes = instruction.prefixes();
        List<Integer> bytes = prefixes.legacyBytes();
        int lastOperandSizePrefix = bytes.lastIndexOf(0x66);
        int lastAddressSizePrefix = bytes.lastIndexOf(0x67);
        int lastRepeatPrefix = Math.max(bytes.lastIndexOf(0xF2), bytes.lastIndexOf(0xF3));
        int spentSegmentPrefix = spentSegmentPrefix(instruction);
        List<String> words = new ArrayList<>();
        for (int i = 0; i < bytes.size(); i++) {
            int b = bytes.get(i);
            String word = i == spentSegmentPrefix ? null : switch (b) {
                case 0xF0 -> "lock";
                case 0xF2, 0xF3 -> i == lastRepeatPrefix ? repeatWord(instruction, b) : b == 0xF3 ? "repz" : "repnz";
                case 0x66 -> i == lastOperandSizePrefix && operandSizePrefixUsed(instruction) ? null : "data16";
                case 0x67 -> i == lastAddressSizePrefix && usesAddressSize(instruction) ? null : "addr32";
                case 0x3E -> instruction.entry().has(OpcodeEntry.FLAG_INDIRECT_BRANCH) ? "notrack" : "ds";
                case 0x2E -> "cs";
                case 0x36 -> "ss";
                case 0x26 -> "es";
                case 0x64 -> "fs";
                case 0x65 -> "gs";
                default -> throw new IllegalStateException("not a prefix: " + b);
            };
            if (word != null) {
                words.add(word);
            }
        }
        if (instruction.notes().rexUnused()) {
            words.add(rexWord(prefixes.rex()));
        }
        return words;
    }

    /**
     * @return {@code ,pn} (2E) or {@code ,pt} (3E) for a conditional branch with one kind of
     *         hint prefix, else ""
     */
    static String branchHint(Instruction instruction) {
        if (!isConditionalBranch(instruction)) {
            return "";
        }
        List<Integer> bytes = instruction.prefixes().legacyBytes();
        boolean notTaken = bytes.contains(0x2E);
        boolean taken = bytes.contains(0x3E);
        return notTaken == taken ? "" : notTaken ? ",pn" : ",pt";
    }

    /**
     * Like objdump, a segment prefix that is used (an FS/GS override on a memory operand, any
     * override on a string source, a branch hint) is accounted to the last segment prefix,
     * whichever it is; the others are printed.
     *
     * @return the index of that prefix in the legacy bytes, or -1
     */
    private static int spentSegmentPrefix(Instruction instruction) {
        List<Integer> bytes = instruction.prefixes().legacyBytes();
        int last = -1;
        for (int i = 0; i < bytes.size(); i++) {
            if (SEGMENT_PREFIXES.contains(bytes.get(i))) {
                last = i;
            }
        }
        boolean spent = instruction.prefixes().segment() != null && usesSegmentOverride(instruction)
                || hasStringSource(instruction) || !branchHint(instruction).isEmpty();
        return spent ? last : -1;
    }

    private static boolean hasStringSource(Instruction instruction) {
        return instruction.entry().operands().stream().anyMatch(spec -> spec.addressing() == Addressing.X);
    }

    /** @return whether a segment override applies to an operand: a ModRM or moffs memory operand, or a string source */
    private static boolean usesSegmentOverride(Instruction instruction) {
        List<OperandSpec> specs = instruction.entry().operands();
        for (int i = 0; i < specs.size(); i++) {
            Addressing addressing = specs.get(i).addressing();
            if (instruction.operands().get(i) instanceof MemoryOperand && addressing != Addressing.Y) {
                return true;
            }
        }
        return false;
    }

    /** objdump keeps {@code addr32} on a moffs operand, where 67 shortens the address itself. */
    private static boolean usesAddressSize(Instruction instruction) {
        List<OperandSpec> specs = instruction.entry().operands();
        for (int i = 0; i < specs.size(); i++) {
            if (instruction.operands().get(i) instanceof MemoryOperand && specs.get(i).addressing() != Addressing.O) {
                return true;
            }
        }
        return IMPLICIT_ADDRESS.contains(instruction.mnemonic());
    }

    private static String rexWord(int rex) {
        StringBuilder word = new StringBuilder("rex");
        if ((rex & 0xF) != 0) {
            word.append('.');
        }
        String letters = "WRXB";
        for (int bit = 3; bit >= 0; bit--) {
            if ((rex & (1 << bit)) != 0) {
                word.append(letters.charAt(3 - bit));
            }
        }
        return word.toString();
    }

    /** Jcc, LOOP, LOOPE, LOOPNE, JRCXZ: the branches with a condition, which take hints. */
    private static boolean isConditionalBranch(Instruction instruction) {
        Mnemonic mnemonic = instruction.mnemonic();
        return mnemonic != Mnemonic.JMP && mnemonic != Mnemonic.CALL && mnemonic != Mnemonic.XBEGIN
                && instruction.operands().stream().anyMatch(BranchOperand.class::isInstance);
    }

    private static String repeatWord(Instruction instruction, int prefix) {
        Prefixes prefixes = instruction.prefixes();
        if (!(prefix == 0xF3 ? prefixes.rep() : prefixes.repne())) {
            return null; // the row's mandatory prefix
        }
        if (isLockElision(instruction, prefix)) {
            return prefix == 0xF2 ? "xacquire" : "xrelease";
        }
        if (prefix == 0xF3) {
            return REP_STRING.contains(instruction.mnemonic()) ? "rep" : "repz";
        }
        return takesBoundPrefix(instruction) ? "bnd" : "repnz";
    }

    /**
     * HLE: F2/F3 on a locked read-modify-write of memory (or XCHG, locked anyway), and F3 on a
     * plain MOV store that releases the lock.
     */
    private static boolean isLockElision(Instruction instruction, int prefix) {
        if (!instruction.writesMemory()) {
            return false;
        }
        Mnemonic mnemonic = instruction.mnemonic();
        return mnemonic == Mnemonic.XCHG || instruction.prefixes().lock() && LOCKABLE.contains(mnemonic)
                || prefix == 0xF3 && mnemonic == Mnemonic.MOV
                        && instruction.operands().get(0) instanceof MemoryOperand m && m.displacementSize() != 8;
    }

    /** MPX's BND prefix (F2) applies to near CALL, JMP, RET and Jcc, not to LOOP and JRCXZ. */
    private static boolean takesBoundPrefix(Instruction instruction) {
        Mnemonic mnemonic = instruction.mnemonic();
        return mnemonic == Mnemonic.CALL || mnemonic == Mnemonic.JMP || mnemonic == Mnemonic.RET
                || isConditionalBranch(instruction) && !IMPLICIT_ADDRESS.contains(mnemonic);
    }

    /** A 66 is used when it is the row's mandatory prefix, or the operand size, unless REX.W overrides it. */
    private static boolean operandSizePrefixUsed(Instruction instruction) {
        Prefixes prefixes = instruction.prefixes();
        return !prefixes.operandSizeOverride() || instruction.entry().honoursOperandSizePrefix() && !prefixes.rexW();
    }
}
