package org.hybridbridge.taint.shadow;

import static org.hybridbridge.taint.shadow.TaintRule.ADDRESS;
import static org.hybridbridge.taint.shadow.TaintRule.MEMORY;
import static org.hybridbridge.taint.shadow.TaintRule.RAX;
import static org.hybridbridge.taint.shadow.TaintRule.RBP;
import static org.hybridbridge.taint.shadow.TaintRule.RCX;
import static org.hybridbridge.taint.shadow.TaintRule.RDX;
import static org.hybridbridge.taint.shadow.TaintRule.REGISTER;

import org.hybridbridge.x86.Access;
import org.hybridbridge.x86.Instruction;
import org.hybridbridge.x86.MemoryOperand;
import org.hybridbridge.x86.exec.CpuState;
import org.hybridbridge.x86.exec.Execution;
import org.hybridbridge.x86.exec.MemoryRole;
import org.hybridbridge.x86.exec.Semantic;

/**
 * VMST's taint analysis of the kernel code of one introspected system call (DESIGN.md 3.3):
 * a label per byte of each general-purpose register ({@link ShadowRegisters}) and per memory byte
 * ({@link ShadowMemory}); a label names a set of sources ({@link TaintSources}, 0 = clean).
 *
 * <ul>
 * <li><b>Sources.</b> A load from a kernel global (the image's data, {@link KernelLayout}) or
 * GS-relative per-CPU data gives the value the label of that address.
 * <li><b>Propagation</b>, from the decoded operands' {@link Access}, resolved once per decoded
 * instruction into a {@link TaintRule}: every written operand gets the union of the labels of the
 * operands read, so data movement copies and arithmetic unites its operands' sources.
 * Immediates are clean; {@code xor r,r}, {@code sub r,r}, {@code sbb r,r} clear; {@code lea} and
 * an address take the union of base and index; a value loaded through a tainted address is
 * tainted by the value's own label and the address's (pointer chains: {@code
 * current->thread_pid->numbers[level].nr}). Push and pop carry labels through the stack;
 * {@code xchg}, {@code xadd}, {@code cmpxchg}, one-operand {@code mul}/{@code div},
 * {@code cqo} and the string moves have their own rules; instructions that produce values
 * the kernel's data does not determine ({@code cpuid}, {@code rdmsr}, {@code rdtsc}) clear their
 * outputs. Registers are shadowed per byte: an 8/16-bit write changes its bytes, a 32-bit write
 * zero-extends, a read unites the bytes of its width. Flags and XMM registers carry no taint.
 * <li><b>The SVM's own memory.</b> RSP is never tainted; an access inside the kernel stack in
 * use, or to user memory (the lower half: the utility's buffers), is never redirectable,
 * whatever registers address it: a {@code getdents64} record's place in the utility's buffer
 * is computed from the lengths of GVM names. (RBP is a general register in this kernel: it is
 * tainted like any other, and is a frame only when it points into the stack.)
 * <li><b>Redirection.</b> A memory access is redirectable (R, served by the GVM image) when its
 * address is computed from tainted registers, or is GS-relative, or lies in a kernel global;
 * else NR (served by the SVM). Implicit stack accesses are NR. What made an instruction
 * redirectable ({@link TaintStep#redirectingLabel}) is every source of its redirected accesses:
 * their addresses' labels united with their own sources.
 * </ul>
 * Semantics never see labels ({@link Semantic}): the tracker plans from the state before an
 * instruction and applies after it, with no allocation once an instruction's rule is resolved
 * and the label pairs it unites have met before.
 */
public final class TaintTracker {

    private static final int RSP = ShadowRegisters.RSP;

    private final KernelLayout layout;
    private final TaintSources sources;
    private final LabelSets sets;
    private final ShadowRegisters registers;
    private final ShadowMemory svm;
    private final ShadowMemory gvm;
    private AddressRange kernelStack = AddressRange.of(0, 0);
    private long perCpuDisplacement;
    /** The label changes of the step prepared last, applied by {@link #commit}. */
    private final TaintPlan plan;
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
        this.sets = sources.labels();
        this.registers = new ShadowRegisters(sets);
        this.svm = new ShadowMemory(sets);
        this.gvm = new ShadowMemory(sets);
        this.plan = new TaintPlan(registers);
    }

    /**
     * Starts the analysis of one system call: all clean; the kernel stack in use is
     * {@code stackPointer}'s; a redirected {@code %gs:} access is served {@code perCpuDisplacement}
     * bytes from where the SVM's GS base puts it (the GVM CPU's per-CPU area minus the SVM's).
     */
    public void begin(long stackPointer, long perCpuDisplacement) {
        registers.clear();
        svm.clear();
        gvm.clear();
        kernelStack = layout.kernelStackOf(stackPointer);
        this.perCpuDisplacement = perCpuDisplacement;
    }

    /** @return the kernel stack of the system call under analysis */
    public AddressRange kernelStack() {
        return kernelStack;
    }

    /** @return the label of general-purpose register {@code number} (0 = RAX ... 15 = R15), all its bytes */
    public int registerLabel(int number) {
        return registers.full(number);
    }

    /** @return the label of bytes {@code [offset, offset + width)} of general-purpose register {@code number} */
    public int registerLabel(int number, int offset, int width) {
        return registers.read(number, offset, width);
    }

    /** @return the label of the {@code size} bytes at {@code address} of the GVM image ({@code redirected}) or the SVM */
    public int memoryLabel(long address, int size, boolean redirected) {
        return shadow(redirected).label(address, size);
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
        TaintRule rule = TaintRule.of(instruction);
        int count = rule.operandCount;
        step.start(instruction, count, rule.implicitStack);
        int[] labels = step.operandLabels();
        MemoryAccess[] accessAt = accessSlots(count);
        int redirecting = 0;
        for (int i = 0; i < count; i++) {
            accessAt[i] = null;
            switch (rule.type(i)) {
                case REGISTER -> labels[i] = rule.registerLabel(i, registers);
                case MEMORY -> {
                    MemoryAccess access = step.addAccess();
                    access(access, rule, i, execution);
                    accessAt[i] = access;
                    labels[i] = access.valueLabel();
                    redirecting = sets.union(redirecting, access.redirectingLabel());
                }
                case ADDRESS -> labels[i] = rule.addressLabel(i, registers, sets); // lea, nop, prefetch
                default -> labels[i] = 0; // immediates, branch targets, registers without taint
            }
        }
        step.setRedirectingLabel(redirecting);
        plan.start();
        planner.plan(rule, execution.cpu(), labels, accessAt);
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

    /** Sets {@code access} to how memory operand {@code i} of {@code rule}'s instruction is served and tainted. */
    private void access(MemoryAccess access, TaintRule rule, int i, Execution execution) {
        MemoryOperand memory = rule.memory(i);
        long address = execution.effectiveAddress(rule.instruction, memory);
        int size = rule.width(i);
        int addressLabel = rule.addressLabel(i, registers, sets);
        boolean svmOwn = isSvmOwn(kernelStack, address);
        boolean kernelData = !svmOwn && (memory.isGsRelative() || layout.isGlobal(address));
        int sourceLabel = kernelData ? sources.labelFor(address) : 0;
        boolean redirected = !svmOwn && (addressLabel != 0 || kernelData);
        long served = redirected && memory.isGsRelative() ? address + perCpuDisplacement : address;
        int valueLabel = 0;
        if (memory.access().reads()) {
            valueLabel = sets.union(sets.union(shadow(redirected).label(served, size), sourceLabel),
                    redirected ? addressLabel : 0);
        }
        access.set(memory, rule.role(i), served, size, addressLabel, redirected, valueLabel,
                redirected ? sets.union(addressLabel, sourceLabel) : 0);
    }

    /**
     * @return whether {@code address} is the SVM's own whatever the taint: the kernel stack of the
     *         system call ({@code kernelStack}) or the lower canonical half, the utility's memory
     */
    static boolean isSvmOwn(AddressRange kernelStack, long address) {
        return kernelStack.contains(address) || address >= 0;
    }

    private ShadowMemory shadow(boolean redirected) {
        return redirected ? gvm : svm;
    }

    /** Plans the label changes of one instruction from its rule and the labels of its operands before it; one, reused. */
    private final class Planner {

        private TaintRule rule;
        private CpuState before;
        private int[] labels;
        private MemoryAccess[] accessAt;

        void plan(TaintRule rule, CpuState before, int[] labels, MemoryAccess[] accessAt) {
            this.rule = rule;
            this.before = before;
            this.labels = labels;
            this.accessAt = accessAt;
            switch (rule.kind) {
                case GENERIC -> generic();
                case CLEARS -> {
                    for (int number : rule.cleared) {
                        plan.fullRegister(number, 0);
                    }
                }
                case SELF_CLEARING -> write(0, 0);
                case ACCUMULATOR -> accumulator();
                case PUSH -> push(labels[0]);
                case PUSH_CLEAN -> push(0);
                case ENTER -> {
                    push(registers.full(RBP));
                    plan.fullRegister(RBP, 0); // the new frame pointer is RSP's
                }
                case POP -> write(0, svm.label(before.gpr(RSP), rule.instruction.operandSize() / 8));
                case LEAVE -> plan.fullRegister(RBP, svm.label(before.gpr(RBP), 8));
                case XCHG -> {
                    write(0, labels[1]);
                    write(1, labels[0]);
                }
                case XADD -> {
                    write(0, sets.union(labels[0], labels[1]));
                    write(1, labels[0]);
                }
                case CMPXCHG -> {
                    write(0, sets.union(labels[0], labels[1]));
                    plan.register(RAX, 0, rule.width, sets.union(registers.read(RAX, 0, rule.width), labels[0]));
                }
                case SIGN_INTO_RDX -> plan.register(RDX, 0, rule.width, registers.read(RAX, 0, rule.width));
                case STRING -> string();
                case NONE -> {
                    // nothing tracked changes
                }
            }
        }

        /** dest = the union of the labels of the operands read. */
        private void generic() {
            int label = 0;
            for (int i = 0; i < rule.operandCount; i++) {
                if ((rule.readMask & 1 << i) != 0) {
                    label = sets.union(label, labels[i]);
                }
            }
            for (int i = 0; i < rule.operandCount; i++) {
                if ((rule.writeMask & 1 << i) != 0) {
                    write(i, label);
                }
            }
        }

        /**
         * One-operand mul/imul/div/idiv of width w: rDX:rAX (AX for 8 bits) from rAX (AX when an
         * 8-bit division divides it; rDX too for a wider one) and the operand.
         */
        private void accumulator() {
            int width = rule.width;
            int label = sets.union(registers.read(RAX, 0, width == 1 && rule.divides ? 2 : width), labels[0]);
            if (rule.divides && width > 1) {
                label = sets.union(label, registers.read(RDX, 0, width));
            }
            if (width == 1) {
                plan.register(RAX, 0, 2, label);
            } else {
                plan.register(RAX, 0, width, label);
                plan.register(RDX, 0, width, label);
            }
        }

        private void push(int label) {
            plan.memory(svm, before.gpr(RSP) - rule.width, rule.width, label);
        }

        /** Moves, stores, loads of string elements; with a repeat prefix, as many as RCX went down. */
        private void string() {
            MemoryAccess source = find(MemoryRole.STRING_SOURCE);
            MemoryAccess destination = find(MemoryRole.STRING_DESTINATION);
            int accumulator = destination == null ? 0 : registers.read(RAX, 0, destination.size());
            plan.string(rule.instruction.mnemonic(), source, source == null ? null : shadow(source.redirected()),
                    destination, destination == null ? null : shadow(destination.redirected()), rule.repeated,
                    before.gpr(RCX), before.flag(CpuState.DF) ? -1 : 1, accumulator);
        }

        private MemoryAccess find(MemoryRole role) {
            for (int i = 0; i < rule.operandCount; i++) { // the slots past the operands are stale
                if (accessAt[i] != null && accessAt[i].role() == role) {
                    return accessAt[i];
                }
            }
            return null;
        }

        /** Gives operand {@code index} {@code label} once the instruction has executed. */
        private void write(int index, int label) {
            if (rule.type(index) == REGISTER) {
                rule.writeRegister(index, plan, label);
            } else if (accessAt[index] != null) {
                MemoryAccess access = accessAt[index];
                plan.memory(shadow(access.redirected()), access.address(), access.size(), label);
            }
        }
    }
}
