package org.hybridbridge.taint.shadow;

import static org.hybridbridge.x86.Mnemonic.*;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.hybridbridge.x86.Access;
import org.hybridbridge.x86.Instruction;
import org.hybridbridge.x86.MemoryOperand;
import org.hybridbridge.x86.Mnemonic;
import org.hybridbridge.x86.Operand;
import org.hybridbridge.x86.Register;
import org.hybridbridge.x86.RegisterOperand;
import org.hybridbridge.x86.exec.Execution;
import org.hybridbridge.x86.exec.MemoryRole;

/**
 * How taint propagates through one decoded instruction, resolved at its first execution from its
 * mnemonic and operands (libdft's per-instruction class) and kept with the instruction
 * ({@link Instruction#attach}), so every later execution, in any run of the process, finds it
 * without a lookup: the {@link Kind} of rule, and for each operand what it is to the shadow state
 * (a register's bytes, a memory access, an address only, or nothing tracked) with the registers
 * and widths involved, packed in one array of ints that the tracker reads without looking at the
 * instruction's mnemonic or operand types again. Immutable.
 */
final class TaintRule {

    /** The propagation classes: most instructions are {@link #GENERIC}; the rest have a rule of their own. */
    enum Kind {
        /** Every written operand gets the union of the operands read. */
        GENERIC,
        /** Fixed registers get values the kernel's data does not determine: CPU identity, MSRs, time. */
        CLEARS,
        /** {@code xor r,r} and the like: the destination becomes clean. */
        SELF_CLEARING,
        /** One-operand {@code mul}/{@code imul}/{@code div}/{@code idiv}: rDX:rAX from rAX (rDX) and the operand. */
        ACCUMULATOR,
        PUSH, PUSH_CLEAN, ENTER, POP, LEAVE, XCHG, XADD, CMPXCHG,
        /** {@code cwd}, {@code cdq}, {@code cqo}: rDX from the sign of rAX. */
        SIGN_INTO_RDX,
        /** {@code movs}, {@code stos}, {@code lods}, {@code ins}: element by element. */
        STRING,
        /** Nothing tracked changes: flags, RIP, RSP and segment state carry no taint. */
        NONE
    }

    /** What an operand is to the shadow state. */
    static final int UNTRACKED = 0, REGISTER = 1, MEMORY = 2, ADDRESS = 3;
    static final int RAX = 0, RCX = 1, RDX = 2, RBX = 3, RBP = 5;

    private static final Set<Mnemonic> STRING_MNEMONICS = EnumSet.of(MOVS, CMPS, STOS, LODS, SCAS, INS, OUTS);
    private static final Set<Mnemonic> SELF_CLEARING_MNEMONICS = EnumSet.of(XOR, SUB, SBB, PXOR, XORPS, XORPD);
    private static final Set<Mnemonic> ACCUMULATOR_ARITHMETIC = EnumSet.of(MUL, IMUL, DIV, IDIV);
    private static final Map<Mnemonic, int[]> CLEARED_RESULTS = new EnumMap<>(Map.of(CPUID,
            new int[] { RAX, RBX, RCX, RDX }, RDMSR, new int[] { RAX, RDX }, RDTSC, new int[] { RAX, RDX }, RDTSCP,
            new int[] { RAX, RCX, RDX }, XGETBV, new int[] { RAX, RDX }, RDPMC, new int[] { RAX, RDX }));
    private static final int[] NO_REGISTERS = {};
    private static final MemoryRole[] ROLES = MemoryRole.values();

    /** The fields of one operand in {@link #packed}; -1 for a base or index register means none. */
    private static final int TYPE = 0, NUMBER = 1, OFFSET = 2, WIDTH = 3, BASE = 4, BASE_WIDTH = 5, INDEX = 6,
            INDEX_WIDTH = 7, ROLE = 8, FIELDS = 9;

    final Instruction instruction;
    final Kind kind;
    final int operandCount;
    /** Per operand, {@link #FIELDS} ints: one array, so a rule is a couple of cache lines. */
    private final int[] packed;
    private final MemoryOperand[] memory;
    /** Bit {@code i}: operand {@code i} is read (or is an address, whose registers count as read); is written. */
    final int readMask, writeMask;
    /** For {@link Kind#CLEARS}: the registers cleared. */
    final int[] cleared;
    /** For the accumulator rules: the width of the operation in bytes; for pushes, the bytes pushed. */
    final int width;
    /** For {@link Kind#STRING}: whether a repeat prefix makes it run RCX times. */
    final boolean repeated;
    final boolean divides;
    final boolean implicitStack;

    private TaintRule(Instruction instruction) {
        this.instruction = instruction;
        List<Operand> operands = instruction.operands();
        operandCount = operands.size();
        packed = new int[operandCount * FIELDS];
        memory = new MemoryOperand[operandCount];
        int reads = 0, writes = 0;
        for (int i = 0; i < operandCount; i++) {
            Operand operand = operands.get(i);
            describe(i, operand);
            if (operand.access().reads() || operand.access() == Access.ADDRESS) {
                reads |= 1 << i;
            }
            if (operand.access().writes()) {
                writes |= 1 << i;
            }
        }
        readMask = reads;
        writeMask = writes;
        Mnemonic mnemonic = instruction.mnemonic();
        cleared = CLEARED_RESULTS.getOrDefault(mnemonic, NO_REGISTERS);
        kind = kindOf(instruction, operands);
        width = kind == Kind.PUSH || kind == Kind.PUSH_CLEAN || kind == Kind.ENTER
                ? (mnemonic == CALL || mnemonic == ENTER ? 8 : instruction.operandSize() / 8)
                : operandCount > 0 ? Execution.bits(instruction, operands.get(0)) / 8 : instruction.operandSize() / 8;
        repeated = instruction.prefixes().rep() || instruction.prefixes().repne();
        divides = mnemonic == DIV || mnemonic == IDIV;
        implicitStack = instruction.usesStackImplicitly();
    }

    /** @return the rule of {@code instruction}, resolved at its first execution */
    static TaintRule of(Instruction instruction) {
        if (instruction.attachment() instanceof TaintRule rule) {
            return rule;
        }
        TaintRule rule = new TaintRule(instruction);
        instruction.attach(rule);
        return rule;
    }

    /** @return {@link #UNTRACKED}, {@link #REGISTER}, {@link #MEMORY} (data accessed) or {@link #ADDRESS} (lea) */
    int type(int operand) {
        return packed[operand * FIELDS + TYPE];
    }

    /** @return the label of register operand {@code operand}: the union of the bytes it names */
    int registerLabel(int operand, ShadowRegisters registers) {
        int at = operand * FIELDS;
        return registers.read(packed[at + NUMBER], packed[at + OFFSET], packed[at + WIDTH]);
    }

    /** Plans that the bytes register operand {@code operand} names get {@code label}. */
    void writeRegister(int operand, TaintPlan plan, int label) {
        int at = operand * FIELDS;
        plan.register(packed[at + NUMBER], packed[at + OFFSET], packed[at + WIDTH], label);
    }

    /** @return the label of the address of memory operand {@code operand}: its base's united with its index's */
    int addressLabel(int operand, ShadowRegisters registers, LabelSets sets) {
        int at = operand * FIELDS;
        int base = packed[at + BASE] < 0 ? 0 : registers.read(packed[at + BASE], 0, packed[at + BASE_WIDTH]);
        return packed[at + INDEX] < 0 ? base
                : sets.union(base, registers.read(packed[at + INDEX], 0, packed[at + INDEX_WIDTH]));
    }

    /** @return the bytes a register or memory operand covers */
    int width(int operand) {
        return packed[operand * FIELDS + WIDTH];
    }

    MemoryRole role(int operand) {
        return ROLES[packed[operand * FIELDS + ROLE]];
    }

    MemoryOperand memory(int operand) {
        return memory[operand];
    }

    /** @return the role in which {@code instruction} accesses its memory operand {@code memory} */
    static MemoryRole role(Instruction instruction, MemoryOperand memory) {
        if (!STRING_MNEMONICS.contains(instruction.mnemonic()) || memory.base() == null) {
            return MemoryRole.OPERAND;
        }
        return memory.base().number() == Register.RSI.number() ? MemoryRole.STRING_SOURCE
                : MemoryRole.STRING_DESTINATION;
    }

    private void describe(int i, Operand operand) {
        int at = i * FIELDS;
        packed[at + BASE] = -1;
        packed[at + INDEX] = -1;
        if (operand instanceof RegisterOperand r && r.register().isGeneralPurpose()) {
            packed[at + TYPE] = REGISTER;
            packed[at + NUMBER] = r.register().number();
            packed[at + OFFSET] = r.register().byteOffset();
            packed[at + WIDTH] = r.register().bits() / 8;
        } else if (operand instanceof MemoryOperand m) {
            packed[at + TYPE] = m.access() == Access.ADDRESS ? ADDRESS : MEMORY;
            memory[i] = m;
            packed[at + ROLE] = role(instruction, m).ordinal();
            packed[at + WIDTH] = Execution.bits(instruction, m) / 8;
            if (m.base() != null && !m.isRipRelative() && m.base().isGeneralPurpose()) {
                packed[at + BASE] = m.base().number();
                packed[at + BASE_WIDTH] = m.base().bits() / 8;
            }
            if (m.index() != null && m.index().isGeneralPurpose()) {
                packed[at + INDEX] = m.index().number();
                packed[at + INDEX_WIDTH] = m.index().bits() / 8;
            }
        } else {
            packed[at + TYPE] = UNTRACKED; // immediates, branch targets, segment, control and vector registers
        }
    }

    private static Kind kindOf(Instruction instruction, List<Operand> operands) {
        Mnemonic mnemonic = instruction.mnemonic();
        if (CLEARED_RESULTS.containsKey(mnemonic)) {
            return Kind.CLEARS;
        }
        if (SELF_CLEARING_MNEMONICS.contains(mnemonic) && operands.size() == 2
                && operands.get(0) instanceof RegisterOperand a && operands.get(1) instanceof RegisterOperand b
                && a.register() == b.register()) {
            return Kind.SELF_CLEARING;
        }
        if (ACCUMULATOR_ARITHMETIC.contains(mnemonic) && operands.size() == 1) {
            return Kind.ACCUMULATOR;
        }
        return switch (mnemonic) {
            case PUSH -> Kind.PUSH;
            case PUSHF, CALL -> Kind.PUSH_CLEAN;
            case ENTER -> Kind.ENTER;
            case POP -> Kind.POP;
            case LEAVE -> Kind.LEAVE;
            case XCHG -> Kind.XCHG;
            case XADD -> Kind.XADD;
            case CMPXCHG -> Kind.CMPXCHG;
            case CWD, CDQ, CQO -> Kind.SIGN_INTO_RDX;
            case MOVS, STOS, LODS, INS -> Kind.STRING;
            case POPF, RET, IRET, IRETQ, IRETW, SYSRETL, SYSRETQ, CMPS, SCAS, OUTS -> Kind.NONE;
            default -> Kind.GENERIC;
        };
    }
}
