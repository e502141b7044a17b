package org.hybridbridge.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

import org.hybridbridge.core.metadata.StoreBenchmark;
import org.hybridbridge.core.run.Csv;
import org.hybridbridge.core.run.EngineBenchmark;
import org.hybridbridge.core.run.EngineComparison;
import org.hybridbridge.core.run.PaperBenchmark;
import org.hybridbridge.core.run.RunFigures;
import org.hybridbridge.core.run.RunRecords;
import org.hybridbridge.core.run.UtilityRunner;
import org.hybridbridge.model.UtilityRun;
import org.hybridbridge.qemu.GuestKind;
import org.hybridbridge.taint.RunBudget;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code hb bench}: the paper's table (VMST mode, the software fast path and redirected Fast-Bridge,
 * each untrained and trained); {@code hb bench slow}: the utilities of the papers' tables through
 * Slow-Bridge, one table of figures; {@code hb bench engine}: the engine's speed, warm, phase by
 * phase; {@code hb bench fast --no-redirect}: Fast-Bridge against Slow-Bridge, not redirected.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = { "Benchmarks of the engines. Without a subcommand, the paper's table for the engines that "
                + "run here: each utility in one warm process, warm-up runs left out, medians of the measured runs "
                + "of VMST mode (Slow-Bridge, taint on), of the software fast path from an empty meta-data store "
                + "(its fallbacks, each a Slow-Bridge replay, in its time) and trained by that run, and of "
                + "redirected Fast-Bridge on KVM likewise; the speedups of the trained fast path and of trained "
                + "Fast-Bridge over VMST mode; whether every run printed the same.",
                "Fast-Bridge's columns (first run, trained, view-switch exits, all exits, calls handed to the "
                        + "engine) need /dev/kvm; without it the table says so." },
        subcommands = { BenchCommand.Slow.class, BenchCommand.Engine.class, BenchCommand.Fast.class,
                BenchCommand.Model.class })
final class BenchCommand implements Callable<Integer> {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Option(names = "--utilities", split = ",", paramLabel = "LIST",
            description = "Comma-separated utilities (default: getpid, uname, lsmod, ps).")
    private List<String> utilities = Engine.UTILITIES;

    @Option(names = "--repetitions", paramLabel = "N", defaultValue = "5",
            description = "Measured runs of each utility in each engine (default: ${DEFAULT-VALUE}).")
    private int repetitions;

    @Option(names = "--warm-up", paramLabel = "N", defaultValue = "2",
            description = "Runs of each utility in each engine, all before any is measured, left out "
                    + "(default: ${DEFAULT-VALUE}).")
    private int warmUps;

    @CommandLine.Mixin
    private FixtureGuestOption guest;

    @Option(names = "--csv", description = "Print the figures as CSV (a header, then a line per utility).")
    private boolean csv;

    @Option(names = "--json", description = "Print the figures as one JSON document.")
    private boolean json;

    @Override
    public Integer call() {
        if (csv && json) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--csv and --json: choose one");
        }
        ProgressLine progress = new ProgressLine(spec.commandLine().getErr());
        UtilityRunner runner = UtilityRunner.inDefaultCache(progress);
        List<PaperBenchmark.Row> rows = PaperBenchmark.measureAll(runner, runner.gvm(guest.guest(), progress),
                utilities, warmUps, repetitions, progress);
        PrintWriter out = spec.commandLine().getOut();
        if (csv) {
            Csv.print(out, PaperBenchmark.COLUMNS, rows.stream().map(PaperBenchmark.Row::cells).toList());
            return 0;
        }
        if (json) {
            out.println(PaperBenchmark.json(guest.guest().label(), warmUps, repetitions, rows));
            return 0;
        }
        out.printf("Redirected to %s; medians of %d runs of each engine, after %d warm-up runs of each (run time, "
                + "fallbacks included)%n", guest.guest().label(), repetitions, warmUps);
        out.printf("%-10s %11s %9s %9s %9s %9s %8s %9s %9s %9s %8s %7s %6s %6s  %s%n", "utility", "instr", "VMST ms",
                "memo 1st", "fallbacks", "memo ms", "speedup", "fast 1st", "fallbacks", "fast ms", "speedup",
                "VS exits", "exits", "h-offs", "status");
        rows.forEach(row -> out.println(row.medians() == null ? String.format("%-10s %s", row.utility(), row.failure())
                : line(row.utility(), row.medians())));
        out.println("ms: the run phase's median; fallbacks: of the first run from an empty store / of the trained run; "
                + "speedup: over VMST mode; VS exits: trained Fast-Bridge's view-switch exits, the paper's #VMExit; "
                + "h-offs: introspected calls handed to the engine");
        if (!PaperBenchmark.kvmPresent()) {
            out.println(PaperBenchmark.FAST_BRIDGE_ABSENT);
        }
        return 0;
    }

    private static String line(String utility, PaperBenchmark m) {
        String memo = String.format("%-10s %,11d %9.1f %9.1f %9s %9.1f %7.2fx", utility, m.instructions(),
                m.vmst().toNanos() / 1e6, m.memoFirst().toNanos() / 1e6,
                m.memoFirstFallbacks() + "/" + m.trainedFallbacks(), m.memoTrained().toNanos() / 1e6, m.speedup());
        String fast = m.fast() == null ? String.format(" %9s %9s %9s %8s %7s %6s %6s", "-", "-", "-", "-", "-", "-", "-")
                : String.format(" %9.1f %9s %9.1f %7.2fx %7d %6d %6d", m.fast().first().toNanos() / 1e6,
                        m.fast().firstFallbacks() + "/" + m.fast().trainedFallbacks(),
                        m.fast().trained().toNanos() / 1e6, m.fastSpeedup(), m.fast().viewSwitches(),
                        m.fast().exits(), m.fast().handOffs());
        return memo + fast + "  " + (m.sameOutput() ? "same output" : "runs DIFFERED");
    }

    /** The utilities of the seeds' tables (Hybrid-Bridge NDSS'14, VMST), in their order. */
    static final List<String> PAPER_UTILITIES = List.of("getpid", "gettime", "hostname", "uname", "arp", "uptime",
            "free", "lsmod", "netstat", "vmstat", "iostat", "dmesg", "mpstat", "ps", "pidstat");

    /** The paper's utilities and this project's own two (native/), for {@code hb bench slow --guest all}. */
    static final List<String> ALL_UTILITIES = Stream
            .concat(PAPER_UTILITIES.stream(), Stream.of("tinyps", "getprocname")).toList();

    @Command(name = "slow", mixinStandardHelpOptions = true,
            description = { "Run each utility through Slow-Bridge (VMST mode: taint analysis on every introspected "
                    + "system call) against a GVM (the demo's by default) and print one row of figures per utility: "
                    + "instructions (user, kernel), introspected system calls, R and NR instructions learned, wall "
                    + "time, instructions per second, and whether the output is what the GVM printed of itself just "
                    + "before its snapshot (its ground truth, within the documented tolerances).",
                    "Start snapshots come from the cache (taken on first use: a guest boot each). A utility the "
                            + "SVM image lacks, or a run that stops, is a row saying why.",
                    "--guest all: one table per fixture GVM (gvm, gvm-busy, gvm-debian, gvm-net), each headed by "
                            + "the guest's name, for the papers' utilities plus tinyps and getprocname unless "
                            + "--utilities says otherwise." })
    static final class Slow implements Callable<Integer> {

        @CommandLine.Spec
        private CommandLine.Model.CommandSpec spec;

        @Option(names = "--utilities", split = ",", paramLabel = "LIST",
                description = "Comma-separated utilities (default: the papers' tables; with --guest all, "
                        + "tinyps and getprocname too).")
        private List<String> utilities;

        @Option(names = "--budget", paramLabel = "N", defaultValue = "" + RunBudget.DEFAULT_INSTRUCTIONS,
                description = "Instruction budget per run (default: ${DEFAULT-VALUE}).")
        private long budget;

        @Option(names = "--guest", paramLabel = "GUEST", defaultValue = "gvm",
                description = "The fixture GVM, from the cache: gvm (the demo, default), gvm-busy, gvm-debian, "
                        + "gvm-net, or all of them (one table each).")
        private String guest;

        @Option(names = "--csv", description = "Print the figures as CSV (a header, then a line per utility), "
                + "with exits by cause and fallbacks (none for Slow-Bridge).")
        private boolean csv;

        @Override
        public Integer call() {
            ProgressLine progress = new ProgressLine(spec.commandLine().getErr());
            boolean all = "all".equalsIgnoreCase(guest);
            List<GuestKind> guests = all
                    ? Arrays.stream(GuestKind.values()).filter(GuestKind::isGvm).toList()
                    : List.of(GuestKind.parse(guest));
            List<String> chosen = utilities != null ? utilities : all ? ALL_UTILITIES : PAPER_UTILITIES;
            UtilityRunner runner = UtilityRunner.inDefaultCache(progress);
            RunBudget perRun = RunBudget.DEFAULT.withInstructions(budget);
            PrintWriter out = spec.commandLine().getOut();
            List<List<String>> csvRows = new ArrayList<>();
            for (GuestKind kind : guests) {
                Path gvm = runner.gvm(kind, progress);
                List<UtilityRun> runs = new ArrayList<>();
                for (String utility : chosen) {
                    runs.add(runner.bench(utility, gvm, perRun, progress));
                }
                if (csv) {
                    runs.forEach(run -> csvRows.add(RunFigures.cells(run)));
                    continue;
                }
                if (all) {
                    out.printf("%s%s (%s)%n", kind == guests.get(0) ? "" : "\n", kind.label(),
                            kind.defaultOptions().memoryMib() + " MiB, " + kind.defaultOptions().cpus() + " vCPUs");
                }
                out.printf("%-10s %12s %12s %6s %5s %5s %8s %12s %9s  %s%n", "utility", "user instr",
                        "kernel instr", "intro", "R", "NR", "wall s", "instr/s", "state KiB", "status");
                runs.forEach(run -> out.println(row(run)));
                out.flush();
            }
            if (csv) {
                Csv.print(out, RunFigures.COLUMNS, csvRows);
            }
            return 0;
        }

        private static String row(UtilityRun run) {
            if (run.getBridgedAnswer() == null) {
                return String.format("%-10s %s", run.getCommandLine(), RunRecords.verdictText(run));
            }
            return String.format("%-10s %,12d %,12d %6d %5d %5d %8.2f %,12.0f %,9d  exit %d", run.getCommandLine(),
                    run.getUserInstructions(), run.getKernelInstructions(), run.getIntrospectedSyscalls(),
                    run.getRedirectable(), run.getNonRedirectable(), RunFigures.runSeconds(run),
                    RunFigures.instructionsPerSecond(run), run.getStateBytes() >> 10, run.getExitStatus())
                    + (run.getWarnings().isEmpty() ? "" : ", " + run.getWarnings().size() + " warnings: "
                            + run.getWarnings().get(0))
                    + ", " + RunRecords.verdictText(run);
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

        @Option(names = "--csv", description = "Print the figures as CSV (a header, then a line per utility).")
        private boolean csv;

        @Override
        public Integer call() {
            ProgressLine progress = new ProgressLine(spec.commandLine().getErr());
            UtilityRunner runner = UtilityRunner.inDefaultCache(progress);
            List<EngineBenchmark.Row> rows = EngineBenchmark.measureAll(runner, runner.gvm(guest.guest(), progress),
                    utilities, warmUps, repetitions, progress);
            PrintWriter out = spec.commandLine().getOut();
            if (csv) {
                Csv.print(out, EngineBenchmark.COLUMNS, rows.stream().map(EngineBenchmark.Row::cells).toList());
                return 0;
            }
            out.printf("Slow-Bridge redirected to %s, VMST mode; medians of %d runs, after %d warm-up runs of each%n",
                    guest.guest().label(), repetitions, warmUps);
            out.printf("%-10s %12s %12s %12s %9s %9s %9s %10s  %s%n", "utility", "instr", "instr/s", "instr/cpu-s",
                    "load ms", "run ms", "save ms", "B/instr", "status");
            rows.forEach(row -> out.println(row.medians() == null ? String.format("%-10s %s", row.utility(), row.failure())
                    : String.format("%-10s %,12d %,12.0f %,12.0f %9.1f %9.1f %9.1f %10.1f  exit %d%s", row.utility(),
                            row.medians().instructions(), row.medians().instructionsPerSecond(),
                            row.medians().instructionsPerCpuSecond(),
                            row.medians().load().toNanos() / 1e6, row.medians().run().toNanos() / 1e6,
                            row.medians().save().toNanos() / 1e6, row.medians().allocatedPerInstruction(),
                            row.medians().exitStatus(), row.medians().sameResult() ? "" : ", runs DIFFERED")));
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
                description = "Run the introspected system calls in the SVM: this comparison is of part 1, "
                        + "deprivileging alone (hb bench measures redirected Fast-Bridge).")
        private boolean noRedirect;

        @Option(names = "--utilities", split = ",", paramLabel = "LIST",
                description = "Comma-separated utilities (default: getpid, hostname, uname -a, ps).")
        private List<String> utilities = UTILITIES;

        @Option(names = "--repetitions", paramLabel = "N", defaultValue = "5",
                description = "Runs of each utility in each engine (default: ${DEFAULT-VALUE}).")
        private int repetitions;

        @CommandLine.Mixin
        private GuestCpuOption cpu;

        @Option(names = "--csv", description = "Print the figures as CSV (a header, then a line per utility), "
                + "exits by cause in one column (cause=count;...).")
        private boolean csv;

        @Override
        public Integer call() {
            ProgressLine progress = new ProgressLine(spec.commandLine().getErr());
            UtilityRunner runner = UtilityRunner.inDefaultCache(progress);
            List<EngineComparison.Row> rows = EngineComparison.measureAll(runner, utilities, cpu.cpu(), repetitions,
                    progress);
            PrintWriter out = spec.commandLine().getOut();
            if (csv) {
                Csv.print(out, EngineComparison.COLUMNS, rows.stream().map(EngineComparison.Row::cells).toList());
                return 0;
            }
            out.printf("Fast-Bridge on %s, %d repetitions, not redirected%n", cpu.cpu(), repetitions);
            out.printf("%-10s %10s %10s %7s %6s %8s %8s  %s%n", "utility", "slow ms", "fast ms", "ratio", "exits",
                    "syscalls", "exits/sc", "output");
            for (EngineComparison.Row row : rows) {
                EngineComparison c = row.comparison();
                out.println(c == null ? String.format("%-10s %s", row.utility(), row.failure())
                        : String.format("%-10s %10.1f %10.1f %7.1f %6d %8d %8.2f  %s", row.utility(),
                                c.slowMedian().toNanos() / 1e6, c.fastMedian().toNanos() / 1e6, c.speedup(),
                                c.fast().exits().total(), c.syscalls(), c.exitsPerSyscall(),
                                c.sameResult() ? "same" : "DIFFERENT"));
            }
            rows.stream().filter(row -> row.comparison() != null)
                    .forEach(row -> out.println(row.utility() + ": " + row.comparison().fast().exits().byCause()));
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
