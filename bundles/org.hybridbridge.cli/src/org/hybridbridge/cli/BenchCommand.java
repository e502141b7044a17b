package org.hybridbridge.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.hybridbridge.core.metadata.StoreBenchmark;
import org.hybridbridge.core.run.EngineBenchmark;
import org.hybridbridge.core.run.EngineComparison;
import org.hybridbridge.core.run.GroundTruth;
import org.hybridbridge.core.run.SlowRunOutcome;
import org.hybridbridge.core.run.UtilityRunner;
import org.hybridbridge.qemu.GuestException;
import org.hybridbridge.qemu.KernelProfile;
import org.hybridbridge.taint.RunBudget;
import org.hybridbridge.taint.RunResult;
import org.hybridbridge.taint.metadata.AccessClass;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code hb bench slow}: the utilities of the papers' tables through Slow-Bridge, one table of
 * figures; {@code hb bench engine}: the engine's speed, warm, phase by phase; {@code hb bench fast
 * --no-redirect}: Fast-Bridge against Slow-Bridge, not redirected.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Benchmarks of the engines.",
        subcommands = { BenchCommand.Slow.class, BenchCommand.Engine.class, BenchCommand.Fast.class,
                BenchCommand.Model.class })
final class BenchCommand extends CommandGroup {

    /** The utilities of the seeds' tables (Hybrid-Bridge NDSS'14, VMST), in their order. */
    static final List<String> PAPER_UTILITIES = List.of("getpid", "gettime", "hostname", "uname", "arp", "uptime",
            "free", "lsmod", "netstat", "vmstat", "iostat", "dmesg", "mpstat", "ps", "pidstat");

    @Command(name = "slow", mixinStandardHelpOptions = true,
            description = { "Run each utility through Slow-Bridge (VMST mode: taint analysis on every introspected "
                    + "system call) against a GVM (the demo's by default) and print one row of figures per utility: "
                    + "instructions (user, kernel), introspected system calls, R and NR instructions learned, wall "
                    + "time, instructions per second, and whether the output is what the GVM printed of itself just "
                    + "before its snapshot (its ground truth, within the documented tolerances).",
                    "Start snapshots come from the cache (taken on first use: a guest boot each). A utility the "
                            + "SVM image lacks, or a run that stops, is a row saying why." })
    static final class Slow implements Callable<Integer> {

        @CommandLine.Spec
        private CommandLine.Model.CommandSpec spec;

        @Option(names = "--utilities", split = ",", paramLabel = "LIST",
                description = "Comma-separated utilities (default: the papers' tables).")
        private List<String> utilities = PAPER_UTILITIES;

        @Option(names = "--budget", paramLabel = "N", defaultValue = "" + RunBudget.DEFAULT_INSTRUCTIONS,
                description = "Instruction budget per run (default: ${DEFAULT-VALUE}).")
        private long budget;

        @CommandLine.Mixin
        private FixtureGuestOption guest;

        @Override
        public Integer call() {
            ProgressLine progress = new ProgressLine(spec.commandLine().getErr());
            UtilityRunner runner = UtilityRunner.inDefaultCache(progress);
            Path gvm = runner.gvm(guest.guest(), progress);
            List<String> rows = new ArrayList<>();
            for (String utility : utilities) {
                rows.add(row(utility, runner, gvm, progress));
            }
            PrintWriter out = spec.commandLine().getOut();
            out.printf("%-10s %12s %12s %6s %5s %5s %8s %12s %9s  %s%n", "utility", "user instr", "kernel instr",
                    "intro", "R", "NR", "wall s", "instr/s", "state KiB", "status");
            rows.forEach(out::println);
            return 0;
        }

        private String row(String utility, UtilityRunner runner, Path gvm, ProgressLine progress) {
            Path svm;
            try {
                svm = runner.svm(utility, progress);
            } catch (GuestException e) {
                return String.format("%-10s %s", utility, "not run: " + e.getMessage());
            }
            try {
                SlowRunOutcome outcome = runner.redirected(svm, utility, gvm,
                        RunBudget.DEFAULT.withInstructions(budget), progress);
                return figures(utility, outcome.result()) + verdict(utility, outcome.result(), gvm);
            } catch (RuntimeException e) {
                return String.format("%-10s %s", utility, "stopped: " + e.getMessage());
            }
        }

        /** Whether the GVM said the same of itself (GroundTruth's tolerances). */
        private static String verdict(String utility, RunResult result, Path gvm) {
            GroundTruth.Verdict verdict = UtilityRunner.judge(utility, result.outputText(), gvm);
            if (!verdict.known()) {
                return ", no ground truth";
            }
            return verdict.matches() ? ", as the GVM said" : ", DIFFERS from the GVM's own answer";
        }

        private static String figures(String utility, RunResult result) {
            double seconds = Math.max(result.elapsed().toMillis() / 1000.0, 0.001);
            long instructions = result.userInstructions() + result.kernelInstructions();
            return String.format("%-10s %,12d %,12d %6d %5d %5d %8.2f %,12.0f %,9d  exit %d", utility,
                    result.userInstructions(), result.kernelInstructions(), result.introspectedSyscalls(),
                    result.metadata().count(AccessClass.R), result.metadata().count(AccessClass.NR), seconds,
                    instructions / seconds, result.stateBytes() >> 10, result.exitStatus())
                    + (result.warnings().isEmpty() ? "" : ", " + result.warnings().size() + " warnings: "
                            + result.warnings().get(0));
        }
    }

    @Command(name = "engine", mixinStandardHelpOptions = true,
            description = { "Run each utility through Slow-Bridge, redirected (VMST mode), several times in one warm "
                    + "process, the JIT's warm-up runs left out, and print one row of medians per utility: "
                    + "instructions, instructions per second of wall time and of the running thread's CPU time "
                    + "(on shared cores the steadier of the two), the time of each phase (load and checks, run, save) "
                    + "and the bytes the JVM allocated per instruction during the run.",
                    "Start snapshots come from the cache (taken on first use: a guest boot each)." })
    static final class Engine implements Callable<Integer> {

        static final List<String> UTILITIES = List.of("getpid", "uname", "lsmod", "ps");

        @CommandLine.Spec
        private CommandLine.Model.CommandSpec spec;

        @Option(names = "--utilities", split = ",", paramLabel = "LIST",
                description = "Comma-separated utilities (default: getpid, uname, lsmod, ps).")
        private List<String> utilities = UTILITIES;

        @Option(names = "--repetitions", paramLabel = "N", defaultValue = "5",
                description = "Measured runs of each utility (default: ${DEFAULT-VALUE}).")
        private int repetitions;

        @Option(names = "--warm-up", paramLabel = "N", defaultValue = "3",
                description = "Runs of each utility, all before any is measured, left out (default: ${DEFAULT-VALUE}).")
        private int warmUps;

        @CommandLine.Mixin
        private FixtureGuestOption guest;

        @Override
        public Integer call() {
            ProgressLine progress = new ProgressLine(spec.commandLine().getErr());
            UtilityRunner runner = UtilityRunner.inDefaultCache(progress);
            KernelProfile profile = runner.profile();
            Path gvm = runner.gvm(guest.guest(), progress);
            Map<String, String> failures = new LinkedHashMap<>();
            for (String utility : utilities) { // all warm before any is measured: the JIT compiles the engine once
                try {
                    EngineBenchmark.warmUp(runner.svm(utility, progress), gvm, utility, profile, warmUps, progress);
                } catch (RuntimeException e) {
                    failures.put(utility, "stopped: " + e.getMessage());
                }
            }
            List<String> rows = new ArrayList<>();
            for (String utility : utilities) {
                if (failures.containsKey(utility)) {
                    rows.add(String.format("%-10s %s", utility, failures.get(utility)));
                    continue;
                }
                try {
                    EngineBenchmark b = EngineBenchmark.measure(runner.svm(utility, progress), gvm, utility,
                            profile, repetitions, progress);
                    rows.add(String.format("%-10s %,12d %,12.0f %,12.0f %9.1f %9.1f %9.1f %10.1f  exit %d%s", utility,
                            b.instructions(), b.instructionsPerSecond(), b.instructionsPerCpuSecond(),
                            b.load().toNanos() / 1e6, b.run().toNanos() / 1e6, b.save().toNanos() / 1e6,
                            b.allocatedPerInstruction(),
                            b.exitStatus(), b.sameResult() ? "" : ", runs DIFFERED"));
                } catch (RuntimeException e) {
                    rows.add(String.format("%-10s %s", utility, "stopped: " + e.getMessage()));
                }
            }
            PrintWriter out = spec.commandLine().getOut();
            out.printf("Slow-Bridge redirected to %s, VMST mode; medians of %d runs, after %d warm-up runs of each%n",
                    guest.guest().label(), repetitions, warmUps);
            out.printf("%-10s %12s %12s %12s %9s %9s %9s %10s  %s%n", "utility", "instr", "instr/s", "instr/cpu-s",
                    "load ms", "run ms", "save ms", "B/instr", "status");
            rows.forEach(out::println);
            return 0;
        }
    }

    @Command(name = "fast", mixinStandardHelpOptions = true,
            description = { "Run each utility in both engines, not redirected, several times in one process, and "
                    + "print one row per utility: median wall time of Slow-Bridge and of Fast-Bridge (setup and "
                    + "run), their ratio, Fast-Bridge's VM exits, the utility's system calls, exits per system "
                    + "call, whether both printed the same; then each utility's exits by cause.",
                    "Start snapshots come from the cache (taken on first use: a guest boot each)." })
    static final class Fast implements Callable<Integer> {

        /** Part 1 has no redirection: the utilities whose output does not need it to make sense. */
        static final List<String> UTILITIES = List.of("getpid", "hostname", "uname -a", "ps");

        @CommandLine.Spec
        private CommandLine.Model.CommandSpec spec;

        @Option(names = "--no-redirect", required = true,
                description = "Run the introspected system calls in the SVM (Fast-Bridge does not redirect yet).")
        private boolean noRedirect;

        @Option(names = "--utilities", split = ",", paramLabel = "LIST",
                description = "Comma-separated utilities (default: getpid, hostname, uname -a, ps).")
        private List<String> utilities = UTILITIES;

        @Option(names = "--repetitions", paramLabel = "N", defaultValue = "5",
                description = "Runs of each utility in each engine (default: ${DEFAULT-VALUE}).")
        private int repetitions;

        @CommandLine.Mixin
        private GuestCpuOption cpu;

        @Override
        public Integer call() {
            ProgressLine progress = new ProgressLine(spec.commandLine().getErr());
            UtilityRunner runner = UtilityRunner.inDefaultCache(progress);
            List<String> rows = new ArrayList<>();
            List<String> causes = new ArrayList<>();
            for (String utility : utilities) {
                try {
                    EngineComparison c = EngineComparison.measure(runner.svm(utility, progress), utility,
                            runner.profile(), cpu.cpu(), repetitions, progress);
                    rows.add(String.format("%-10s %10.1f %10.1f %7.1f %6d %8d %8.2f  %s", utility,
                            c.slowMedian().toNanos() / 1e6, c.fastMedian().toNanos() / 1e6, c.speedup(),
                            c.fast().exits().total(), c.syscalls(), c.exitsPerSyscall(),
                            c.sameResult() ? "same" : "DIFFERENT"));
                    causes.add(utility + ": " + c.fast().exits().byCause());
                } catch (RuntimeException e) {
                    rows.add(String.format("%-10s %s", utility, "stopped: " + e.getMessage()));
                }
            }
            PrintWriter out = spec.commandLine().getOut();
            out.printf("Fast-Bridge on %s, %d repetitions, not redirected%n", cpu.cpu(), repetitions);
            out.printf("%-10s %10s %10s %7s %6s %8s %8s  %s%n", "utility", "slow ms", "fast ms", "ratio", "exits",
                    "syscalls", "exits/sc", "output");
            rows.forEach(out::println);
            causes.forEach(out::println);
            return 0;
        }
    }

    @Command(name = "model", mixinStandardHelpOptions = true,
            description = { "The meta-data store's formats on synthetic records in one warm process: file size, "
                    + "median save and load time of EMF's binary resource (what the store uses) and of XMI, and "
                    + "the load of the store into Slow-Bridge's meta-data, after two warm-up rounds." })
    static final class Model implements Callable<Integer> {

        @CommandLine.Spec
        private CommandLine.Model.CommandSpec spec;

        @Option(names = "--records", paramLabel = "N", defaultValue = "100000",
                description = "Synthetic records (default: ${DEFAULT-VALUE}).")
        private int records;

        @Option(names = "--repetitions", paramLabel = "N", defaultValue = "5",
                description = "Measured rounds (default: ${DEFAULT-VALUE}).")
        private int repetitions;

        @Override
        public Integer call() throws IOException {
            if (records < 1 || repetitions < 1) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--records and --repetitions must be >= 1");
            }
            Path directory = Files.createTempDirectory("hb-bench-model");
            try {
                List<StoreBenchmark.Row> rows = StoreBenchmark.measure(records, repetitions, directory,
                        new ProgressLine(spec.commandLine().getErr()));
                PrintWriter out = spec.commandLine().getOut();
                out.printf("%,d synthetic meta-data records; medians of %d rounds after 2 warm-up rounds%n", records,
                        repetitions);
                out.printf("%-28s %12s %9s %9s%n", "format", "bytes", "save ms", "load ms");
                rows.forEach(row -> out.printf("%-28s %,12d %9s %9.1f%n", row.what(), row.bytes(),
                        row.save() == null ? "-" : String.format("%.1f", row.save().toNanos() / 1e6),
                        row.load().toNanos() / 1e6));
                return 0;
            } finally {
                try (var files = Files.list(directory)) {
                    for (Path file : files.toList()) {
                        Files.delete(file);
                    }
                }
                Files.delete(directory);
            }
        }
    }
}
