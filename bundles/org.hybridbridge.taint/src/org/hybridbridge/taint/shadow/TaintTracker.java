package org.hybridbridge.taint.shadow;

import static org.hybridbridge.x86.Mnemonic.*;

import java.util.Arrays;
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
import org.hybridbridge.x86.exec.CpuState;
import org.hybridbridge.x86.exec.Execution;
import org.hybridbridge.x86.exec.MemoryRole;
import org.hybridbridge.x86.exec.Semantic;

/**
 * VMST's taint analysis of the kernel code of one introspected system call (DESIGN.md 3.3):
 * a label per general-purpose register and per memory byte (0 = clean), sources in {@link
 * TaintSources}.
 *
 * <ul>
 * <li><b>Sources.</b> A load from a kernel global (the image's data, {@link KernelLayout}) or
 * GS-relative per-CPU data gives the value the label of that address.
 * <li><b>Propagation</b>, from the decoded operands' {@link Access}: every written operand gets
 * the first non-zero label of the operands read (a read-write destination first), so data
 * movement copies and arithmetic unions. Immediates are clean; {@code xor r,r}, {@code sub r,r},
 * {@code sbb r,r} clear; {@code lea} takes the taint of its base and index; a value loaded
 * through a tainted address is tainted by the address (pointer chains: {@code
 * current->thread_pid->numbers[level].nr}). Push and pop carry labels through the stack;
 * {@code xchg}, {@code xadd}, {@code cmpxchg}, one-operand {@code mul}/{@code div},
 * {@code cqo} and the string moves have their own rules; instructions that produce values
 * the kernel's data does not determine ({@code cpuid}, {@code rdmsr}, {@code rdtsc}) clear their
 * outputs. A partial (8/16-bit) register write keeps the old label when the value is clean.
 * Flags and XMM registers carry no taint.
 * <li><b>The SVM's own memory.</b> RSP is never tainted; an access inside the kernel stack in
 * use, or to user memory (the lower half: the utility's buffers), is never redirectable,
 * whatever registers address it: a {@code getdents64} record's place in the utility's buffer
 * is computed from the lengths of GVM names. (RBP is a general register in this kernel: it is
 * tainted like any other, and is a frame only when it points into the stack.)
 * <li><b>Redirection.</b> A memory access is redirectable (R, served by the GVM image) when its
 * address is computed from tainted registers, or is GS-relative, or lies in a kernel global;
 * else NR (served by the SVM). Implicit stack accesses are NR.
 * </ul>
 * Semantics never see labels ({@link Semantic}): the tracker plans from the state before an
 * instruction and applies after it.
 */
public final class TaintTracker {

    private static final int RAX = 0, RCX = 1, RDX = 2, RBX = 3, RSP = 4, RBP = 5;
    private static final Set<Mnemonic> STRING = EnumSet.of(MOVS, CMPS, STOS, LODS, SCAS, INS, OUTS);
    private static final Set<Mnemonic> SELF_CLEARING = EnumSet.of(XOR, SUB, SBB, PXOR, XORPS, XORPD);
    private static final Set<Mnemonic> ACCUMULATOR_ARITHMETIC = EnumSet.of(MUL, IMUL, DIV, IDIV);
    /** Register results the kernel's data does not determine: CPU identity, MSRs, time. */
    private static final Map<Mnemonic, int[]> CLEARED_RESULTS = new EnumMap<>(Map.of(CPUID,
            new int[] { RAX, RBX, RCX, RDX }, RDMSR, new int[] { RAX, RDX }, RDTSC, new int[] { RAX, RDX }, RDTSCP,
            new int[] { RAX, RCX, RDX }, XGETBV, new int[] { RAX, RDX }, RDPMC, new int[] { RAX, RDX }));

    private final KernelLayout layout;
    private final TaintSources sources;
    private final int[] registers = new int[16];
    private final ShadowMemory svm = new ShadowMemory();
    private final ShadowMemory gvm = new ShadowMemory();
    private AddressRange kernelStack = AddressRange.of(0, 0);
    private long perCpuDisplacement;
    /** The label changes of the step prepared last, applied by {@link #commit}. */
    private final TaintPlan plan = new TaintPlan(registers);
    /** The one step, prepared for every instruction. */
    private final TaintStep step = new TaintStep();
    /** {@link #step} from its preparation to its commit; {@code null} once committed. */
    private TaintStep prepared;
    /** The memory access of each operand of the instruction being prepared; reused. */
    private MemoryAccess[] accessSlots = new MemoryAccess[4];
    private final Planner planner = new Planner();

    public TaintTracker(KernelLayout layout, TaintSources sources) {
        this.layout = layout;
        this.sources = sources;
    }

    /**
     * Starts the analysis of one system call: all clean; the kernel stack in use is
     * {@code stackPointer}'s; a redirected {@code %gs:} access is served {@code perCpuDisplacement}
     * bytes from where the SVM's GS base puts it (the GVM CPU's per-CPU area minus the SVM's).
     */
    public void begin(long stackPointer, long perCpuDisplacement) {
        Arrays.fill(registers, 0);
        svm.clear();
        gvm.clear();
        kernelStack = layout.kernelStackOf(stackPointer);
        this.perCpuDisplacement = perCpuDisplacement;
    }

    /** @return the kernel stack of the system call under analysis */
    public AddressRange kernelStack() {
        return kernelStack;
    }

    /** @return the label of general-purpose register {@code number} (0 = RAX ... 15 = R15) */
    public int registerLabel(int number) {
        return registers[number];
    }

    /** @return the label of the byte at {@code address} of the GVM image ({@code redirected}) or the SVM */
    public int memoryLabel(long address, boolean redirected) {
        return (redirected ? gvm : svm).label(address, 1);
    }

    /** @return the bytes the shadow memories of both images take */
    public long shadowBytes() {
        return svm.bytes() + gvm.bytes();
    }

    public TaintSources sources() {
        return sources;
    }

    /**
     * Analyses {@code instruction} in the state before it executes ({@code execution}'s registers)
     * and plans its label changes, which {@link #commit} applies. The step returned is the
     * tracker's one, reused: valid until the next call.
     */
    public TaintStep prepare(Instruction instruction, Execution execution) {
        List<Operand> operands = instruction.operands();
        int count = operands.size();
        step.start(instruction, count);
        int[] labels = step.operandLabels();
        MemoryAccess[] accessAt = accessSlots(count);
        for (int i = 0; i < count; i++) {
            Operand operand = operands.get(i);
            if (operand instanceof MemoryOperand memory && memory.access() != Access.ADDRESS) {
                MemoryAccess access = step.addAccess();
                access(access, instruction, memory, execution);
                accessAt[i] = access;
                labels[i] = access.valueLabel();
            } else {
                accessAt[i] = null;
                labels[i] = label(operand);
            }
        }
        plan.start();
        planner.plan(instruction, execution.cpu(), labels, accessAt);
        prepared = step;
        return step;
    }

    /**
     * Applies the propagation of {@code step}, the step {@link #prepare} made last, once its
     * instruction has executed; {@code after} is the state then.
     */
    public void commit(TaintStep step, CpuState after) {
        if (step != prepared) {
            throw new IllegalStateException("only the step prepared last can be committed: " + step.instruction());
        }
        plan.apply(after);
        prepared = null;
    }

    /**
     * @return the tracker's array of accesses by operand index, at least {@code operands} long; the
     *         entries past {@code operands} are stale and never read
     */
    private MemoryAccess[] accessSlots(int operands) {
        if (accessSlots.length < operands) {
            accessSlots = new MemoryAccess[operands];
        }
        return accessSlots;
    }

    /** Sets {@code access} to how {@code memory}, an operand of {@code instruction}, is served and tainted. */
    private void access(MemoryAccess access, Instruction instruction, MemoryOperand memory, Execution execution) {
        long address = execution.effectiveAddress(instruction, memory);
        int size = Execution.bits(instruction, memory) / 8;
        int addressLabel = addressLabel(memory);
        boolean svmOwn = isSvmOwn(kernelStack, address);
        boolean kernelData = !svmOwn && (memory.isGsRelative() || layout.isGlobal(address));
        int sourceLabel = kernelData ? sources.labelFor(address) : 0;
        boolean redirected = !svmOwn && (addressLabel != 0 || kernelData);
        long served = redirected && memory.isGsRelative() ? address + perCpuDisplacement : address;
        int valueLabel = memory.access().reads()
                ? first(shadow(redirected).label(served, size), sourceLabel, redirected ? addressLabel : 0)
                : 0;
        access.set(memory, role(instruction, memory), served, size, addressLabel, sourceLabel, redirected,
                valueLabel);
    }

    /**
     * @return whether {@code address} is the SVM's own whatever the taint: the kernel stack of the
     *         system call ({@code kernelStack}) or the lower canonical half, the utility's memory
     */
    static boolean isSvmOwn(AddressRange kernelStack, long address) {
        return kernelStack.contains(address) || address >= 0;
    }

    /** @return the role in which {@code instruction} accesses its memory operand {@code memory} */
    static MemoryRole role(Instruction instruction, MemoryOperand memory) {
        if (!STRING.contains(instruction.mnemonic()) || memory.base() == null) {
            return MemoryRole.OPERAND;
        }
        return memory.base().number() == Register.RSI.number() ? MemoryRole.STRING_SOURCE
                : MemoryRole.STRING_DESTINATION;
    }

    private int label(Operand operand) {
        return switch (operand) {
            case RegisterOperand r -> label(r.register());
            case MemoryOperand m -> addressLabel(m); // address-only: lea, nop, prefetch
            default -> 0; // immediates, branch targets
        };
    }

    private int label(Register register) {
        return register.isGeneralPurpose() ? registers[register.number()] : 0;
    }

    private int addressLabel(MemoryOperand memory) {
        int base = memory.base() == null || memory.isRipRelative() ? 0 : label(memory.base());
        return first(base, memory.index() == null ? 0 : label(memory.index()));
    }

    private ShadowMemory shadow(boolean redirected) {
        return redirected ? gvm : svm;
    }

    /** @return the first non-zero of the labels (no varargs: an array per call would be an allocation) */
    private static int first(int a, int b) {
        return a != 0 ? a : b;
    }

    private static int first(int a, int b, int c) {
        return a != 0 ? a : first(b, c);
    }

    /** Plans the label changes of one instruction from the labels of its operands before it; one, reused. */
    private final class Planner {

        private Instruction instruction;
        private CpuState before;
        private int[] labels;
        private MemoryAccess[] accessAt;
        private List<Operand> operands;

        void plan(Instruction instruction, CpuState before, int[] labels, MemoryAccess[] accessAt) {
            this.instruction = instruction;
            this.before = before;
            this.labels = labels;
            this.accessAt = accessAt;
            this.operands = instruction.operands();
            Mnemonic mnemonic = instruction.mnemonic();
            int[] cleared = CLEARED_RESULTS.get(mnemonic); // an EnumMap: an array index, no hashing
            if (cleared != null) {
                for (int number : cleared) {
                    plan.fullRegister(number, 0);
                }
                return;
            }
            if (isSelfClearing()) {
                write(0, 0);
                return;
            }
            if (ACCUMULATOR_ARITHMETIC.contains(mnemonic) && operands.size() == 1) {
                accumulator();
                return;
            }
            switch (mnemonic) {
                case PUSH -> push(labels[0]);
                case PUSHF, CALL -> push(0);
                case ENTER -> {
                    push(registers[RBP]);
                    plan.fullRegister(RBP, 0); // the new frame pointer is RSP's
                }
                case POP -> pop();
                case LEAVE -> plan.fullRegister(RBP, svm.label(before.gpr(RBP), 8));
                case XCHG -> {
                    write(0, labels[1]);
                    write(1, labels[0]);
                }
                case XADD -> {
                    write(0, first(labels[0], labels[1]));
                    write(1, labels[0]);
                }
                case CMPXCHG -> {
                    write(0, first(labels[0], labels[1]));
                    plan.fullRegister(RAX, first(registers[RAX], labels[0]));
                }
                case CWD, CDQ, CQO -> plan.fullRegister(RDX, registers[RAX]);
                case MOVS, STOS, LODS, INS -> string(mnemonic);
                case POPF, RET, IRET, IRETQ, IRETW, SYSRETL, SYSRETQ, CMPS, SCAS, OUTS -> {
                    // nothing tracked changes: flags, RIP, RSP and segment state carry no taint
                }
                default -> generic();
            }
        }

        /** dest = the first non-zero label among the operands read (a read-write destination comes first). */
        private void generic() {
            int label = 0;
            for (int i = 0; i < operands.size() && label == 0; i++) {
                Operand operand = operands.get(i);
                if (operand.access().reads() || operand.access() == Access.ADDRESS) {
                    label = labels[i];
                }
            }
            for (int i = 0; i < operands.size(); i++) {
                if (operands.get(i).access().writes()) {
                    write(i, label);
                }
            }
        }

        private boolean isSelfClearing() {
            return SELF_CLEARING.contains(instruction.mnemonic()) && operands.size() == 2
                    && operands.get(0) instanceof RegisterOperand a && operands.get(1) instanceof RegisterOperand b
                    && a.register() == b.register();
        }

        /** One-operand mul/imul/div/idiv: RDX:RAX from RAX (and RDX) and the operand. */
        private void accumulator() {
            boolean divides = instruction.mnemonic() == DIV || instruction.mnemonic() == IDIV;
            int label = first(registers[RAX], divides ? registers[RDX] : 0, labels[0]);
            plan.fullRegister(RAX, label);
            if (Execution.bits(instruction, operands.get(0)) != 8) {
                plan.fullRegister(RDX, label);
            }
        }

        private void push(int label) {
            int size = instruction.mnemonic() == CALL || instruction.mnemonic() == ENTER ? 8
                    : instruction.operandSize() / 8;
            plan.memory(svm, before.gpr(RSP) - size, size, label);
        }

        private void pop() {
            int size = instruction.operandSize() / 8;
            int label = svm.label(before.gpr(RSP), size);
            write(0, label);
        }

        /** Moves, stores, loads of string elements; with a repeat prefix, as many as RCX went down. */
        private void string(Mnemonic mnemonic) {
            MemoryAccess source = find(MemoryRole.STRING_SOURCE);
            MemoryAccess destination = find(MemoryRole.STRING_DESTINATION);
            plan.string(mnemonic, source, source == null ? null : shadow(source.redirected()), destination,
                    destination == null ? null : shadow(destination.redirected()),
                    instruction.prefixes().rep() || instruction.prefixes().repne(), before.gpr(RCX),
                    before.flag(CpuState.DF) ? -1 : 1, registers[RAX]);
        }

        private MemoryAccess find(MemoryRole role) {
            for (int i = 0; i < operands.size(); i++) { // the slots past the operands are stale
                if (accessAt[i] != null && accessAt[i].role() == role) {
                    return accessAt[i];
                }
            }
            return null;
        }

        /** Gives operand {@code index} {@code label} once the instruction has executed. */
        private void write(int index, int label) {
            Operand operand = operands.get(index);
            MemoryAccess access = accessAt[index];
            if (operand instanceof RegisterOperand register) {
                plan.register(register.register(), label);
            } else if (access != null) {
                plan.memory(shadow(access.redirected()), access.address(), access.size(), label);
            }
        }
    }
}
