package org.hybridbridge.taint;

import org.hybridbridge.progress.CancelledException;
import org.hybridbridge.progress.ProgressListener;
import java.io.Writer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

import org.hybridbridge.taint.metadata.KernelMetadata;
import org.hybridbridge.taint.metadata.SourceNames;
import org.hybridbridge.taint.shadow.KernelLayout;
import org.hybridbridge.taint.shadow.MemoizedSteps;
import org.hybridbridge.taint.shadow.TaintSources;
import org.hybridbridge.taint.shadow.TaintStep;
import org.hybridbridge.taint.shadow.TaintTracker;
import org.hybridbridge.taint.syscall.Syscall;
import org.hybridbridge.taint.syscall.SyscallClassifier.UserStrings;
import org.hybridbridge.taint.syscall.SyscallClassifier;
import org.hybridbridge.taint.syscall.SyscallDecision;
import org.hybridbridge.x86.Instruction;
import org.hybridbridge.x86.Mnemonic;
import org.hybridbridge.x86.exec.CpuException;
import org.hybridbridge.x86.exec.CpuState;
import org.hybridbridge.x86.exec.EngineError;
import org.hybridbridge.x86.exec.ExecutionObserver;
import org.hybridbridge.x86.exec.LinearMemory;
import org.hybridbridge.x86.exec.Machine;
import org.hybridbridge.x86.exec.MemoryRouter;

/**
 * Slow-Bridge (DESIGN.md 3.3): runs the inspection utility from the SVM's run-start state in
 * the engine, user and kernel mode alike, until it calls {@code exit_group}.
 *
 * <p>At each {@code syscall} of the utility the {@link SyscallClassifier} decides: writes to
 * fd 1/2 are captured ({@link OutputCapture}: the kernel is not entered, RAX = the count, RCX and
 * R11 as {@code syscall} leaves them); {@code exit}/{@code exit_group} ends the run; local
 * system calls run plainly; introspected ones run plainly until the kernel calls the service
 * routine ({@link SlowBridgeOptions#serviceRoutine}), then under the {@link TaintTracker} with
 * redirectable accesses served by the GVM image, until that call returns. Exceptions taken
 * inside it (a page fault on the utility's buffer) are handled by the SVM kernel without taint
 * or redirection, which resume when {@code iretq} returns to the interrupted code. Each
 * kernel instruction with a memory access run under the tracker becomes meta-data. Each system
 * call becomes a {@link SyscallRecord} when it returns to user mode (or, not entering the kernel,
 * when it is decided): one object a call, none an instruction.
 */
public final class SlowBridge {

    /** Instructions between two checks for cancellation (cheap enough for the interpreter's loop). */
    public static final long PROGRESS_INTERVAL = 1 << 18;
    /** At most one progress line every couple of seconds: enough for a person. */
    private static final long PROGRESS_MILLIS = 2000;

    private static final int RAX = 0, RCX = 1, RDX = 2, RSP = 4, RSI = 6, RDI = 7, R11 = 11;
    private static final int GS = 5;
    /** Linux's lowest mappable user address (Debian's vm.mmap_min_addr): a fault below it is a null pointer's. */
    private static final long MMAP_MIN_ADDR = 0x10000;

    private final Machine machine;
    private final KernelLayout layout;
    private final SlowBridgeOptions options;
    private final SyscallClassifier classifier;
    private final TaintTracker tracker;
    private final MetadataCollector metadata;
    private final OutputCapture output = new OutputCapture();
    private final List<SyscallRecord> syscalls = new ArrayList<>();
    /** Serves the GVM's per-CPU data to the SVM kernel's {@code %gs:} accesses; null without a GVM. */
    private final GvmAccess gvmPerCpu;
    private TraceWriter trace;
    /** The software fast path's routing; {@code null} when the taint analysis routes and learns. */
    private MemoizedSteps memoized;
    /** What the software fast path does at an instruction without meta-data. */
    private Fallback fallback;
    /** Where a replay for a fallback must pass ({@link #learnTo}); {@code null} in a run of its own. */
    private PausedPoint replayTarget;
    private boolean replayReachedTarget;
    /** Fast-Bridge's paused point a replay must pass ({@link #learnTo(WindowPoint, ProgressListener)}). */
    private WindowPoint windowTarget;
    /** The system call (ordinal) in which the replay met {@link #windowTarget}; -1 before. */
    private int windowTargetSyscall = -1;
    /** The introspection windows opened so far: the ordinal of Fast-Bridge's introspected calls. */
    private int windowsOpened;
    /** The labels whose sources the trace has named: label 0 is clean, never named. */
    private int tracedLabels = 1;

    private long userInstructions;
    private long kernelInstructions;
    private Syscall current;
    private SyscallDecision currentDecision;
    /** The utility's registers at the system call under way ({@link SyscallRecord#registers}). */
    private SyscallRegisters currentRegisters;
    private long kernelInstructionsAtEntry;
    /** Whether the kernel got another RDI than the utility passed (a /proc descriptor's GVM number). */
    private boolean argumentTranslated;
    private final IntrospectionWindow window = new IntrospectionWindow();
    private final SleepingTask sleeping;
    private final LoopSampler loop = new LoopSampler();
    /** When progress was last reported: the first line comes a couple of seconds into the run. */
    private long lastReport = System.currentTimeMillis();
    private final KernelTrouble trouble;
    private TaintStep step;
    private Integer exitStatus;

    /** Takes over {@code machine} (its observer, symbolizer and memory router) for the run. */
    public SlowBridge(Machine machine, KernelLayout layout, SlowBridgeOptions options) {
        this.machine = machine;
        this.layout = layout;
        this.options = options;
        this.classifier = new SyscallClassifier(options.syscalls());
        TaintSources sources = new TaintSources(layout::name);
        this.tracker = new TaintTracker(layout, sources);
        this.metadata = new MetadataCollector(sources);
        this.sleeping = new SleepingTask(layout);
        this.trouble = new KernelTrouble(options.trouble(), layout);
        machine.setSymbolizer(layout.symbolizer());
        machine.setObserver(new Observer());
        if (options.gvm() != null) {
            MemoryRouter plain = machine.execution().router();
            LinearMemory gvm = new GvmAccess(options.gvm().mmu());
            gvmPerCpu = new GvmAccess(options.gvm().mmu());
            machine.execution().setRouter(role -> step == null || !step.redirected(role) ? plain.route(role)
                    : step.redirectedPerCpu(role) ? gvmPerCpu : gvm);
        } else {
            gvmPerCpu = null;
        }
    }

    /** Writes the per-instruction trace of the introspected system calls to {@code out} ({@link TraceWriter}). */
    public void setTrace(Writer out) {
        trace = new TraceWriter(out, layout);
    }

    /**
     * Makes this run the software fast path (DESIGN.md 3.3, {@code --engine memo}): the accesses of
     * introspected system calls are routed by {@code known} ({@link MemoizedSteps}), without taint,
     * and nothing is learned here; at an instruction that accesses memory and has no record the run
     * pauses for {@code fallback} and resumes with the meta-data it returns.
     */
    public void memoize(KernelMetadata known, Fallback fallback) {
        memoized = new MemoizedSteps(known, layout);
        this.fallback = fallback;
    }

    /**
     * Runs the utility to its {@code exit_group}.
     *
     * @throws EngineError           when the engine cannot go on (the message says after how many
     *                               instructions, in which system call) or the budget ran out
     * @throws CancelledException   when {@code progress} asked to stop
     */
    public RunResult run(ProgressListener progress) {
        Instant start = Instant.now();
        execute(progress);
        return new RunResult(output.bytes(), exitStatus, userInstructions, kernelInstructions, syscalls, learned(),
                tracker.sources().all(), options.gvm() == null ? 0 : options.gvm().memory().copiedPages(),
                stateBytes(), trouble.warnings(), Duration.between(start, Instant.now()));
    }

    /**
     * A fallback's replay: runs the utility, learning, until the system call {@code point} paused
     * in returns to user mode, checking on the way that the run meets the paused instruction at
     * the same count of kernel instructions. Called again for the paused run's next fallback, it
     * goes on from there: the two runs are at the same state after that system call, so the replay
     * need not start over.
     *
     * @return the meta-data learned since the previous call (or the start), to the end of that system call
     * @throws EngineError when the replay diverges from the paused run (the message names both states)
     */
    public KernelMetadata learnTo(PausedPoint point, ProgressListener progress) {
        if (replayTarget != null && point.syscallOrdinal() < syscalls.size()) {
            throw new EngineError("the replay diverged: the paused run was at " + point.describe()
                    + ", a system call the replay had finished (it is after system call #" + (syscalls.size() - 1)
                    + ")");
        }
        replayTarget = point;
        replayReachedTarget = false;
        return replayAndLearn(point.describe(), progress);
    }

    /**
     * Replays to Fast-Bridge's paused {@code point} and learns on to the end of its system call,
     * as {@link #learnTo(PausedPoint, ProgressListener)} does for the software fast path.
     *
     * @return what was learned since the last replay
     * @throws EngineError when the replay does not meet the point: a divergence, naming both states
     */
    public KernelMetadata learnTo(WindowPoint point, ProgressListener progress) {
        if (point.introspectedCall() < windowsOpened) {
            throw new EngineError("the replay diverged: the paused run was at " + point.describe()
                    + ", in an introspected system call the replay had finished (" + windowsOpened + " opened)");
        }
        windowTarget = point;
        windowTargetSyscall = -1;
        return replayAndLearn(point.describe(), progress);
    }

    /** Runs to the target's system call's return; @return what was learned since the last replay */
    private KernelMetadata replayAndLearn(String target, ProgressListener progress) {
        execute(progress);
        if (exitStatus != null) {
            throw new EngineError("the replay diverged: the utility exited without reaching the paused run's "
                    + target);
        }
        KernelMetadata learned = learned();
        metadata.clear();
        return learned;
    }

    /** @return the meta-data of what the analysis observed, attributed to the utility */
    private KernelMetadata learned() {
        return metadata.metadata(options.kernelBanner(), options.utility(), layout);
    }

    /** @return where the run is, at {@code instruction}: a paused point, or the point a replay compares */
    private PausedPoint pointAt(Instruction instruction) {
        return new PausedPoint(syscalls.size(), current == null ? "none" : current.name(), kernelInstructions,
                instruction.address(), layout.name(instruction.address()));
    }

    /** Runs until the utility exits or, in a replay, its target's system call returns. */
    private void execute(ProgressListener progress) {
        long deadline = System.nanoTime() + options.budget().wallTime().toNanos();
        long steps = 0;
        try {
            while (exitStatus == null && !(replayTarget != null && replayAtTargetsReturn())
                    && !(windowTarget != null && replayAtWindowTargetsReturn())) {
                if (steps == options.budget().instructions()) {
                    throw outOfBudget(String.format("the instruction budget of %,d ran out",
                            options.budget().instructions()));
                }
                machine.step();
                if ((++steps & (LoopSampler.SAMPLE_INTERVAL - 1)) == 0) {
                    loop.record(machine.cpu().rip());
                    if ((steps & (PROGRESS_INTERVAL - 1)) == 0) {
                        checkpoint(progress, steps, deadline);
                    }
                }
            }
        } catch (EngineError e) {
            throw new EngineError(String.format("after %,d instructions (%,d user, %,d kernel), %s: %s",
                    userInstructions + kernelInstructions, userInstructions, kernelInstructions, where(),
                    e.getMessage()), e);
        } finally {
            if (trace != null) {
                trace.flush();
            }
        }
    }

    /** Every {@link #PROGRESS_INTERVAL} instructions: progress, cancellation, the wall-time and state budgets. */
    private void checkpoint(ProgressListener progress, long steps, long deadline) {
        long now = System.currentTimeMillis();
        if (now - lastReport >= PROGRESS_MILLIS) {
            lastReport = now;
            progress.subTask(String.format("%s: %,d instructions%s", options.utility(), steps,
                    current == null ? "" : " (in " + current.name() + ")"));
        }
        if (progress.isCancelled()) {
            throw new CancelledException("the Slow-Bridge run of " + options.utility());
        }
        RunBudget budget = options.budget();
        if (System.nanoTime() - deadline > 0) {
            throw outOfBudget(String.format("the wall-time budget of %.1f s ran out",
                    budget.wallTime().toMillis() / 1e3));
        }
        long state = stateBytes();
        if (state > budget.stateBytes()) {
            throw outOfBudget(String.format("the state budget of %,d KiB ran out (%,d KiB: copied pages, shadow "
                    + "memory, %,d bytes of output)", budget.stateBytes() >> 10, state >> 10, output.size()));
        }
    }

    /** A run out of budget most likely goes round a loop a hostile guest made: the error names its functions. */
    private EngineError outOfBudget(String which) {
        return new EngineError(which + "; the last instructions went round " + loop.report(layout));
    }

    /** @return the bytes of the run's own state, which {@link RunBudget#stateBytes} limits */
    private long stateBytes() {
        return machine.physicalMemory().copiedBytes()
                + (options.gvm() == null ? 0 : options.gvm().memory().copiedBytes())
                + tracker.shadowBytes() + output.size();
    }

    /** @return where the run is, for an error: the system call and the kernel function, or user mode */
    private String where() {
        CpuState cpu = machine.cpu();
        if (current == null) {
            return "in user mode";
        }
        return cpu.cpl() == 3 ? "in " + current.name() + " (returning to user mode)"
                : "in " + current.name() + " at " + layout.name(cpu.rip());
    }

    /**
     * Inside the analysis window, a fault on an address computed from GVM data is the GVM's
     * data's doing (a dangling pointer, a per-CPU area read from the wrong place): the SVM kernel
     * would take it as its own bug (an oops that kills the utility) and the answer would be
     * silently lost. It stops the run, naming the access. (A tainted address in the utility's
     * own memory may fault rightly: {@code getdents64} fills its buffer at offsets computed from
     * GVM names, and the SVM kernel pages the buffer in.)
     */
    private void checkNoGvmFault(TaintStep analysed, CpuException exception) {
        if (exception.vector() != CpuException.PF && exception.vector() != CpuException.GP) {
            return;
        }
        var access = analysed.taintedAddressAccess();
        boolean utilityMemory = access != null && exception.vector() == CpuException.PF
                && access.address() >= MMAP_MIN_ADDR; // signed: the kernel half is negative
        if (access != null && !utilityMemory) {
            throw new EngineError(String.format("%s on an access to 0x%x through a pointer read from the GVM "
                    + "(taint source %s), served by the %s image", exception.getMessage(), access.address(),
                    SourceNames.join(tracker.sources().namesOf(access.addressLabel())),
                    access.redirected() ? "GVM" : "SVM"));
        }
    }

    /** A {@code syscall} in user mode: @return whether the kernel is to be entered */
    private boolean enterSyscall(Instruction instruction, CpuState cpu) {
        Syscall syscall;
        try {
            syscall = classifier.lookup(cpu.gpr(RAX));
        } catch (IllegalStateException unlisted) {
            throw new EngineError(unlisted.getMessage());
        }
        SyscallRegisters registers = SyscallRegisters.before(cpu, instruction.nextAddress());
        long[] arguments = registers.arguments();
        SyscallDecision decision = classifier.decide(syscall, arguments[0], arguments[1],
                UserStrings.from(machine.mmu()));
        switch (decision) {
            case CAPTURE_OUTPUT -> {
                long result = syscall.name().equals("writev")
                        ? output.writev(machine.mmu(), cpu.gpr(RSI), cpu.gpr(RDX))
                        : output.write(machine.mmu(), cpu.gpr(RSI), cpu.gpr(RDX));
                syscalls.add(new SyscallRecord(syscall, decision, registers, OptionalLong.of(result), 0));
                cpu.setGpr(RAX, result);
                cpu.setGpr(RCX, instruction.nextAddress());
                cpu.setGpr(R11, cpu.rflags());
                cpu.setRip(instruction.nextAddress());
                return false;
            }
            case EXIT -> {
                exitStatus = (int) (arguments[0] & 0xFF);
                syscalls.add(new SyscallRecord(syscall, decision, registers, OptionalLong.empty(), 0));
                return false;
            }
            default -> {
                current = syscall;
                currentDecision = decision;
                currentRegisters = registers;
                kernelInstructionsAtEntry = kernelInstructions;
                long kernelArgument = classifier.kernelArgument(syscall, decision, arguments[0]);
                argumentTranslated = kernelArgument != arguments[0];
                cpu.setGpr(RDI, kernelArgument);
                window.reset();
                sleeping.syscallEntered();
                return true;
            }
        }
    }

    /** The first user-mode instruction after a system call: the utility gets its own RDI and result back. */
    private void syscallReturned(CpuState cpu) {
        long argument = currentRegisters.arguments()[0];
        long result = classifier.completed(current, currentDecision, argument, cpu.gpr(RAX));
        if (argumentTranslated) { // only then: execve and rt_sigreturn return with other registers
            cpu.setGpr(RDI, argument);
        }
        cpu.setGpr(RAX, result);
        syscalls.add(new SyscallRecord(current, currentDecision, currentRegisters, OptionalLong.of(result),
                kernelInstructions - kernelInstructionsAtEntry));
        if (currentDecision == SyscallDecision.INTROSPECT) {
            trouble.introspectedReturned(current.name(), result);
        }
        current = null;
    }

    /**
     * A replay stops where its target's system call has returned to user mode, before the
     * utility's next instruction: not one step more than the paused run, whose TSC counts steps.
     */
    private boolean replayAtTargetsReturn() {
        if (current == null || machine.cpu().cpl() != 3 || syscalls.size() != replayTarget.syscallOrdinal()) {
            return false;
        }
        if (!replayReachedTarget) {
            throw new EngineError("the replay diverged: system call #" + replayTarget.syscallOrdinal() + " ("
                    + current.name() + ") returned after " + String.format("%,d", kernelInstructions)
                    + " kernel instructions without reaching the paused run's " + replayTarget.describe());
        }
        return true;
    }

    /** Like {@link #replayAtTargetsReturn}, for Fast-Bridge's point: its system call returned to user mode. */
    private boolean replayAtWindowTargetsReturn() {
        if (current == null || machine.cpu().cpl() != 3) {
            return false;
        }
        if (windowTargetSyscall == -1 && windowsOpened > windowTarget.introspectedCall()) {
            throw new EngineError("the replay diverged: introspected system call #" + windowTarget.introspectedCall()
                    + " (" + current.name() + ") returned without running the paused run's " + windowTarget.describe());
        }
        return syscalls.size() == windowTargetSyscall;
    }

    /** In a replay for Fast-Bridge, at each instruction of an open window: is it the paused one? */
    private void checkWindowPoint(Instruction instruction) {
        if (windowTargetSyscall != -1 || windowsOpened - 1 != windowTarget.introspectedCall()
                || instruction.address() != windowTarget.address()) {
            return;
        }
        if (!current.name().equals(windowTarget.syscall())) {
            throw new EngineError("the replay diverged: the paused run was at " + windowTarget.describe()
                    + ", Slow-Bridge met the instruction in " + current.name());
        }
        windowTargetSyscall = syscalls.size();
    }

    /** A replay's {@code replayTarget.kernelInstructions()}-th kernel instruction must be the paused one. */
    private void checkReplayPoint(Instruction instruction) {
        PausedPoint here = pointAt(instruction);
        if (here.syscallOrdinal() != replayTarget.syscallOrdinal() || here.address() != replayTarget.address()) {
            throw new EngineError("the replay diverged: the paused run was at " + replayTarget.describe()
                    + ", Slow-Bridge is at " + here.describe());
        }
        replayReachedTarget = true;
    }

    private void learn(TaintStep analysed) {
        if (trace != null) {
            traceSources();
            trace.step(current.name(), analysed);
        }
        if (analysed.accessesMemory()) {
            metadata.observe(analysed.instruction(), analysed.redirected(), analysed.redirectingLabel(),
                    current.name());
        }
    }

    private void traceSources() {
        TaintSources sources = tracker.sources();
        for (; tracedLabels < sources.labelCount(); tracedLabels++) {
            trace.source(tracedLabels, sources.namesOf(tracedLabels));
        }
    }

    private final class Observer implements ExecutionObserver {

        @Override
        public boolean beforeExecute(Instruction instruction, Machine m) {
            CpuState cpu = m.cpu();
            if (cpu.cpl() == 3) {
                if (current != null) {
                    syscallReturned(cpu);
                }
                userInstructions++;
                return instruction.mnemonic() != Mnemonic.SYSCALL || enterSyscall(instruction, cpu);
            }
            kernelInstructions++;
            if (replayTarget != null && kernelInstructions == replayTarget.kernelInstructions()) {
                checkReplayPoint(instruction);
            }
            if (current != null) {
                trouble.kernelInstruction(instruction.address(), cpu, current.name());
                sleeping.kernelInstruction(cpu.gpr(RSP));
                if (instruction.mnemonic() == Mnemonic.HLT) {
                    sleeping.explainHalt(instruction.address(), machine.mmu()).ifPresent(why -> {
                        throw new EngineError(why);
                    });
                }
            }
            if (currentDecision == SyscallDecision.INTROSPECT && current != null
                    && instruction.address() == options.serviceRoutine() && window.canOpen()) {
                long rsp = cpu.gpr(RSP);
                window.open(returnAddress(rsp), rsp + 8);
                windowsOpened++;
                long perCpuDisplacement = options.gvm() == null ? 0 : options.gvm().perCpuBase() - cpu.segmentBase(GS);
                tracker.begin(rsp, perCpuDisplacement);
                if (memoized != null) {
                    memoized.begin(rsp);
                }
                if (gvmPerCpu != null) {
                    gvmPerCpu.displaceBy(perCpuDisplacement);
                }
            }
            if (window.isAnalysing()) {
                if (windowTarget != null) {
                    checkWindowPoint(instruction);
                }
                step = memoized == null ? tracker.prepare(instruction, m.execution()) : memoizedStep(instruction, m);
            }
            return true;
        }

        private TaintStep memoizedStep(Instruction instruction, Machine m) {
            TaintStep memo = memoized.prepare(instruction, m.execution());
            if (memo == null && instruction.accessesMemory()) {
                PausedPoint point = pointAt(instruction);
                memoized.learned(fallback.learn(point));
                memo = memoized.prepare(instruction, m.execution());
                if (memo == null) {
                    throw new EngineError("Slow-Bridge replayed to " + point.describe()
                            + " and learned nothing for that instruction");
                }
            }
            return memo;
        }

        @Override
        public void afterExecute(Instruction instruction, Machine m) {
            if (step != null && memoized == null) {
                tracker.commit(step, m.cpu());
                learn(step);
            }
            step = null;
            window.afterInstruction(instruction, m.cpu().rip(), m.cpu().gpr(RSP));
        }

        @Override
        public void exceptionRaised(Instruction instruction, CpuException exception, Machine m) {
            if (step != null) {
                checkNoGvmFault(step, exception);
            }
            if (current != null && m.cpu().cpl() == 0) {
                // no instruction when its fetch faulted (a call through a pointer the GVM's data zeroed):
                // RIP is still the address fetched
                trouble.exceptionRaised(instruction != null ? instruction.address() : m.cpu().rip(), exception);
            }
            step = null; // a faulting instruction changed nothing to propagate
            window.exceptionTaken(m.cpu().gpr(RSP));
        }

        private long returnAddress(long rsp) {
            try {
                return machine.mmu().read(rsp, 8);
            } catch (CpuException e) {
                throw new EngineError(String.format("cannot read the return address of the service routine at 0x%x",
                        rsp), e);
            }
        }
    }
}
