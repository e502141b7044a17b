package org.hybridbridge.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

import org.hybridbridge.core.run.FastRun;
import org.hybridbridge.core.run.FastRunOutcome;
import org.hybridbridge.core.run.FastRunRequest;
import org.hybridbridge.core.run.GvmCpu;
import org.hybridbridge.core.run.MemoRun;
import org.hybridbridge.core.run.MemoRunOutcome;
import org.hybridbridge.core.run.RunJson;
import org.hybridbridge.core.run.SlowRun;
import org.hybridbridge.core.run.SlowRunOutcome;
import org.hybridbridge.core.run.SlowRunRequest;
import org.hybridbridge.fast.ExitCounts;
import org.hybridbridge.fast.FastBridgeOptions;
import org.hybridbridge.fast.Redirection;
import org.hybridbridge.fast.FastRunResult;
import org.hybridbridge.qemu.GuestImages;
import org.hybridbridge.qemu.KernelProfile;
import org.hybridbridge.qemu.KernelProfiler;
import org.hybridbridge.qemu.MachineOptions;
import org.hybridbridge.taint.RunBudget;
import org.hybridbridge.taint.RunResult;
import org.hybridbridge.taint.metadata.AccessClass;
import org.hybridbridge.taint.metadata.KernelMetadata;
import org.hybridbridge.taint.shadow.TaintSource;
import org.hybridbridge.taint.syscall.SyscallDecision;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code hb run --engine slow}: a utility run from the SVM's run-start snapshot in the engine,
 * its introspected system calls redirected to the GVM snapshot. Prints the utility's output as
 * the GVM sees itself, then a summary, or both as one JSON document ({@code --json}); {@code
 * --syscalls} lists the utility's system calls on standard error. Exits with the utility's exit
 * status, or {@link Hb#MAY_BE_INCOMPLETE} when the kernel met trouble in the GVM's data.
 * {@code --engine fast --no-redirect} runs it in Fast-Bridge; {@code --engine memo} on the software
 * fast path ({@link MemoRun}).
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = { "Run an inspection utility through Hybrid-Bridge: from the SVM's run-start snapshot, its "
                + "introspected system calls (getpid, uname, /proc files ...) answered from the GVM snapshot.",
                "Prints the utility's output, then a summary; exits with the utility's exit status, or 3 when "
                        + "the kernel met trouble in the GVM's data (warnings on standard error). Writes to fd 1 "
                        + "and 2 are captured without entering the kernel. Options come before UTILITY: every word "
                        + "after it is the utility's." })
final class RunCommand implements Callable<Integer> {

    /** How many taint sources the summary names: the first ones met. */
    private static final int SOURCES_SHOWN = 5;

    /**
     * The engines a run can use: Slow-Bridge (DESIGN.md 3.3), Fast-Bridge (3.4, on KVM), the
     * software fast path (3.3: Slow-Bridge's engine routed by the meta-data, no taint).
     */
    enum Engine {
        slow, fast, memo
    }

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    private GuestText guestText;

    @Option(names = "--engine", defaultValue = "slow",
            description = "The engine: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    private Engine engine;

    @Option(names = "--svm", required = true, paramLabel = "FILE",
            description = "The SVM run-start snapshot (hb snapshot take svm: one for every utility).")
    private Path svm;

    @Option(names = "--gvm", paramLabel = "FILE", description = "The GVM snapshot to introspect.")
    private Path gvm;

    @Option(names = "--no-redirect", description = "Run the introspected system calls in the SVM too (the SVM's "
            + "own answers); the taint analysis still runs.")
    private boolean noRedirect;

    @Option(names = "--trace", paramLabel = "FILE", description = "Write the kernel instructions of the introspected "
            + "system calls, with taint and the image serving each access, to FILE.")
    private Path trace;

    @Option(names = "--syscalls", description = "After the run, list the utility's system calls on standard error, "
            + "one a line: number, name, class (introspected, local, output, exit), the six argument registers, "
            + "result, kernel instructions spent. Slow engine only.")
    private boolean syscalls;

    @Option(names = "--json", description = "Print one JSON document on standard output instead of the output and "
            + "the summary: the output, exit status and counts, and with the slow engine every system call.")
    private boolean json;

    @Option(names = "--budget", paramLabel = "N", defaultValue = "" + RunBudget.DEFAULT_INSTRUCTIONS,
            description = "Slow engine: stop with an error after N instructions (default: ${DEFAULT-VALUE}).")
    private long budget;

    @Option(names = "--state-budget", paramLabel = "MIB", defaultValue = "" + (RunBudget.DEFAULT_STATE_BYTES >> 20),
            description = "Slow engine: stop with an error when the run's own state (copied pages, shadow memory, "
                    + "output) exceeds MIB MiB (default: ${DEFAULT-VALUE}).")
    private long stateBudget;

    @Option(names = "--exit-budget", paramLabel = "N", defaultValue = "" + FastBridgeOptions.DEFAULT_EXIT_BUDGET,
            description = "Fast engine: stop with an error after N VM exits (default: ${DEFAULT-VALUE}).")
    private long exitBudget;

    @CommandLine.Mixin
    private GuestCpuOption cpu;

    @Option(names = "--hand-off-after", paramLabel = "N", defaultValue = "" + Redirection.DEFAULT_HAND_OFF_AFTER,
            description = "Fast engine, redirected, on KVM: after N view switches of one introspected call, run its "
                    + "rest (and later calls of its routine) on the engine, where a switch costs no VM exit; "
                    + "0 keeps every call native, as the paper's design (default: ${DEFAULT-VALUE}).")
    private int handOffAfter;

    @Option(names = "--wall-budget", paramLabel = "SECONDS", description = "Stop with an error after SECONDS of "
            + "wall time (default: 60 with the fast engine, 150 with the slow one).")
    private Long wallBudget;

    @Option(names = "--syscall-table", paramLabel = "FILE",
            description = "A syscall table replacing the shipped one (format: see the shipped x86_64-syscalls.txt).")
    private Path syscallTable;

    @Option(names = "--metadata", paramLabel = "FILE",
            description = "The meta-data file to merge into (default: metadata.hbmeta in the kernel profile's "
                    + "directory).")
    private Path metadata;

    @Option(names = "--profile", paramLabel = "DIR",
            description = "The kernel profile directory (default: the SVM's, made on first use).")
    private Path profileDirectory;

    @Option(names = "--gvm-cpu", paramLabel = "N", description = "The GVM CPU whose context is introspected (its "
            + "current task, its per-CPU data; default: the CPU the GVM snapshot's vCPU state belongs to).")
    private Integer gvmCpu;

    @Parameters(index = "0", paramLabel = "UTILITY",
            description = "The utility, as the SVM snapshot's marker names it.")
    private String utility;

    @Parameters(index = "1..*", paramLabel = "ARGS", description = "Its arguments.")
    private List<String> arguments = new ArrayList<>();

    @Override
    public Integer call() {
        List<String> command = new ArrayList<>(List.of(utility));
        command.addAll(arguments);
        return engine == Engine.fast ? runFast(command) : runInEngine(command);
    }

    private int runFast(List<String> command) {
        if (!noRedirect && gvm == null) {
            throw new IllegalArgumentException("--engine fast redirects to a GVM: give --gvm FILE, or --no-redirect");
        }
        if (syscalls) {
            throw new IllegalArgumentException("--syscalls needs --engine slow: Fast-Bridge sees only the system "
                    + "calls that stop at a hook, local ones run without a VM exit (--json counts those it saw)");
        }
        Duration wallTime = wallBudget == null ? FastBridgeOptions.DEFAULT_WALL_BUDGET : Duration.ofSeconds(wallBudget);
        FastRunRequest request = new FastRunRequest(svm, command, exitBudget, wallTime, syscallTable, cpu.cpu(), null,
                false, noRedirect ? null : gvm, gvmCpu, metadata, handOffAfter);
        ProgressLine progress = new ProgressLine(spec.commandLine().getErr());
        FastRunOutcome outcome = FastRun.run(request, profile(progress), progress);
        FastRunResult result = outcome.result();
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(RunJson.of(request, outcome));
            return result.exitStatus();
        }
        out.print(guestText.shown(result.outputText()));
        out.printf("-- hb run --engine fast: %s, %s, on %s%n", request.commandLine(),
                request.redirect() ? "redirected to " + request.gvm() : "not redirected", cpu.cpu());
        ExitCounts exits = result.exits();
        out.printf("exits          %d%n", exits.total());
        exits.byCause().forEach((cause, count) -> out.printf("  %6d  %s%n", count, cause));
        if (request.redirect()) {
            out.printf("view switches  %d exits + %d fallbacks = %d (the paper's #VMExit figure)%n",
                    exits.viewSwitches(), exits.fallbacks(), exits.viewSwitches() + exits.fallbacks());
            out.printf("meta-data      %d records learned by the fallbacks' Slow-Bridge replay%n", outcome.learned());
            out.printf("on the engine  %d introspected calls handed over; %d traps handled there, no VM exit%n",
                    exits.handOffs(), exits.onEngineTotal());
            out.printf("introspected   %d calls; code copies of %d text pages (%d from the cache)%n",
                    result.introspectedCalls(), result.codePages(), result.codePagesCached());
        }
        out.printf("syscalls       %d stopped at a hook (the rest ran in the kernel without an exit)%n",
                result.syscallsAtHooks());
        out.printf("deprivileged   U bit on %,d kernel paging entries; %d cli/sti/swapgs sites neutralised "
                + "(%d learned this run)%n", result.userBitEntries(), result.neutralisedSites(), result.learnedSites());
        out.printf("exit status    %d%n", result.exitStatus());
        out.printf("time           setup %.1f ms, run %.1f ms%n", result.setup().toNanos() / 1e6,
                result.run().toNanos() / 1e6);
        out.printf("snapshots      memory sha256 verified before the run, mapped read-only during it%n");
        return result.exitStatus();
    }

    private KernelProfile profile(ProgressLine progress) {
        return profileDirectory != null ? KernelProfile.load(profileDirectory)
                : KernelProfiler.profile(GuestImages.inDefaultCache(), MachineOptions.defaults(), progress);
    }

    /** Runs {@code command} in the x86 engine: Slow-Bridge, or the software fast path with {@code --engine memo}. */
    private int runInEngine(List<String> command) {
        if (engine == Engine.memo && (noRedirect || trace != null)) {
            throw new IllegalArgumentException("--engine memo redirects by the meta-data, without taint: "
                    + "--no-redirect and --trace need --engine slow");
        }
        RunBudget limits = RunBudget.DEFAULT.withInstructions(budget).withStateBytes(stateBudget << 20);
        if (wallBudget != null) {
            limits = limits.withWallTime(Duration.ofSeconds(wallBudget));
        }
        SlowRunRequest request = new SlowRunRequest(svm, noRedirect ? null : gvm, command, !noRedirect, limits, trace,
                syscallTable, metadata, gvmCpu);
        ProgressLine progress = new ProgressLine(spec.commandLine().getErr());
        MemoRunOutcome memo = engine == Engine.memo ? MemoRun.run(request, profile(progress), progress) : null;
        SlowRunOutcome outcome = memo != null ? memo.run() : SlowRun.run(request, profile(progress), progress);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(memo != null ? RunJson.of(request, memo) : RunJson.of(request, outcome));
        } else {
            out.print(guestText.shown(outcome.result().outputText()));
            printSummary(request, outcome, out);
            if (memo != null) {
                out.printf("fallbacks      %d (Slow-Bridge replays to the paused point; the store grew by %d instructions)%n", memo.fallbacks(),
                        memo.learned());
            }
        }
        if (syscalls) {
            SyscallListing.print(request.commandLine(), outcome.result().syscalls(), spec.commandLine().getErr());
        }
        List<String> warnings = outcome.result().warnings();
        warnings.forEach(warning -> spec.commandLine().getErr().println("hb run: warning: " + warning));
        return warnings.isEmpty() ? outcome.result().exitStatus() : Hb.MAY_BE_INCOMPLETE;
    }

    private void printSummary(SlowRunRequest request, SlowRunOutcome outcome, PrintWriter out) {
        RunResult result = outcome.result();
        KernelMetadata learned = result.metadata();
        double seconds = result.elapsed().toMillis() / 1000.0;
        long instructions = result.userInstructions() + result.kernelInstructions();
        out.printf("-- hb run --engine %s: %s, %s%n", engine, request.commandLine(),
                request.redirect() ? "redirected to " + request.gvm() : "not redirected");
        if (outcome.gvmCpu() != null) {
            GvmCpu cpu = outcome.gvmCpu();
            out.printf("gvm cpu        %d of %d (per-CPU area 0x%x; %s)%n", cpu.number(), cpu.count(),
                    cpu.perCpuBase(), cpu.chosenBy());
        }
        out.printf("instructions   %,d user, %,d kernel%n", result.userInstructions(), result.kernelInstructions());
        out.printf("syscalls       %d, %d introspected%s%n", result.syscalls().size(), result.introspectedSyscalls(),
                introspectedNames(result));
        out.printf("meta-data      this run: R %d, NR %d, MIXED %d; %s now: R %d, NR %d, MIXED %d%n",
                learned.count(AccessClass.R), learned.count(AccessClass.NR), learned.count(AccessClass.MIXED),
                outcome.metadataFile(), outcome.metadata().count(AccessClass.R),
                outcome.metadata().count(AccessClass.NR), outcome.metadata().count(AccessClass.MIXED));
        if (engine == Engine.slow) { // the memoized run has no taint
            out.printf("taint sources  %d%s%n", result.taintSources().size(), result.taintSources().isEmpty() ? ""
                    : result.taintSources().stream().limit(SOURCES_SHOWN).map(TaintSource::symbol)
                            .collect(Collectors.joining(", ", " (", result.taintSources().size() > SOURCES_SHOWN
                                    ? ", ... : --trace names them all)" : ")")));
        }
        out.printf("exit status    %d%n", result.exitStatus());
        if (!result.warnings().isEmpty()) {
            out.printf("warnings       %d: the kernel met trouble in the GVM's data, the answer may be incomplete "
                    + "(standard error names each; hb run exits %d)%n", result.warnings().size(), Hb.MAY_BE_INCOMPLETE);
        }
        out.printf("state          %,d KiB (copied pages, shadow memory, output; budget %,d MiB)%n",
                result.stateBytes() >> 10, request.budget().stateBytes() >> 20);
        out.printf("time           %.1f s (%,.0f instructions/s)%n", seconds, instructions / Math.max(seconds, 0.001));
        out.printf("snapshots      memory sha256 verified before the run, mapped read-only during it%n");
    }

    private static String introspectedNames(RunResult result) {
        String names = result.syscalls().stream().filter(s -> s.decision() == SyscallDecision.INTROSPECT)
                .map(s -> s.syscall().name()).distinct().collect(Collectors.joining(", "));
        return names.isEmpty() ? "" : " (" + names + ")";
    }
}
