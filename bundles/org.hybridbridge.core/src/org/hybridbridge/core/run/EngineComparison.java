package org.hybridbridge.core.run;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.hybridbridge.fast.FastBridgeOptions;
import org.hybridbridge.fast.FastRunResult;
import org.hybridbridge.progress.ProgressListener;
import org.hybridbridge.qemu.KernelProfile;
import org.hybridbridge.taint.RunResult;

/**
 * One utility in both engines, not redirected, several times in one warm process ({@code hb bench
 * fast}): the median wall time of each, Fast-Bridge's exits, and whether both printed the same
 * bytes and exit status. Slow-Bridge's time is its run; Fast-Bridge's is setup (mapping,
 * deprivileging, patching, the VM) plus run.
 *
 * @param slowMedian  median wall time of the Slow-Bridge runs
 * @param fastMedian  median wall time of the Fast-Bridge runs
 * @param fast        the last Fast-Bridge run (warm: its kernel sites were neutralised before it)
 * @param syscalls    the utility's system calls, as Slow-Bridge counted them
 * @param sameResult  whether every run printed the first Slow-Bridge run's output and exit status
 */
public record EngineComparison(Duration slowMedian, Duration fastMedian, FastRunResult fast, int syscalls,
        boolean sameResult) {

    /** The columns of {@code hb bench fast --csv}: the table's figures, exits by cause in one ({@link Csv#counts}). */
    public static final List<String> COLUMNS = List.of("utility", "slowMs", "fastMs", "ratio", "exits", "syscalls",
            "exitsPerSyscall", "sameOutput", "exitsByCause", "failure");

    /**
     * A utility's row of {@code hb bench fast}.
     *
     * @param utility    the command line
     * @param comparison its figures; {@code null} when it could not be measured
     * @param failure    why not; {@code null} when it was
     */
    public record Row(String utility, EngineComparison comparison, String failure) {

        /** @return the CSV cells, in {@link EngineComparison#COLUMNS} order */
        public List<String> cells() {
            return comparison == null ? Csv.failure(COLUMNS, utility, failure) : comparison.cells(utility);
        }
    }

    /**
     * Compares each utility in both engines, {@code repetitions} times, from its run-start
     * snapshot. A utility that stops is a row saying why; a cancelled one is thrown.
     */
    public static List<Row> measureAll(UtilityRunner runner, List<String> utilities, FastBridgeOptions.GuestCpu cpu,
            int repetitions, ProgressListener progress) {
        List<Row> rows = new ArrayList<>();
        for (String utility : utilities) {
            Attempt<EngineComparison> measured = Attempt.of(() -> measure(runner.svm(progress), utility,
                    runner.profile(), cpu, repetitions, progress));
            rows.add(new Row(utility, measured.value(), measured.failure()));
        }
        return rows;
    }

    private List<String> cells(String utility) {
        return List.of(utility, String.format(Locale.ROOT, "%.3f", slowMedian.toNanos() / 1e6),
                String.format(Locale.ROOT, "%.3f", fastMedian.toNanos() / 1e6),
                String.format(Locale.ROOT, "%.2f", speedup()), Long.toString(fast.exits().total()),
                Integer.toString(syscalls), String.format(Locale.ROOT, "%.2f", exitsPerSyscall()),
                Boolean.toString(sameResult), Csv.counts(fast.exits().byCause()), "");
    }

    /** @return Slow-Bridge's median over Fast-Bridge's */
    public double speedup() {
        return (double) slowMedian.toNanos() / Math.max(fastMedian.toNanos(), 1);
    }

    /** @return Fast-Bridge's exits per system call of the utility */
    public double exitsPerSyscall() {
        return (double) fast.exits().total() / Math.max(syscalls, 1);
    }

    /** Runs {@code commandLine} from {@code svm} {@code repetitions} times in each engine. */
    private static EngineComparison measure(Path svm, String commandLine, KernelProfile profile,
            FastBridgeOptions.GuestCpu cpu, int repetitions, ProgressListener progress) {
        if (repetitions < 1) {
            throw new IllegalArgumentException("at least one repetition: " + repetitions);
        }
        List<String> command = List.of(commandLine.split(" "));
        List<Duration> slowTimes = new ArrayList<>();
        List<Duration> fastTimes = new ArrayList<>();
        RunResult first = null;
        FastRunResult fast = null;
        boolean same = true;
        for (int i = 0; i < repetitions; i++) {
            RunResult slow = SlowRun.run(new SlowRunRequest(svm, null, command, false, SlowRunRequest.DEFAULT_BUDGET,
                    null, null, null, null), profile, progress).result();
            first = first == null ? slow : first;
            slowTimes.add(slow.elapsed());
            fast = FastRun.run(new FastRunRequest(svm, command, FastBridgeOptions.DEFAULT_EXIT_BUDGET,
                    FastBridgeOptions.DEFAULT_WALL_BUDGET, null, cpu, null, false), profile, progress).result();
            fastTimes.add(fast.setup().plus(fast.run()));
            same &= Arrays.equals(first.output(), slow.output()) && Arrays.equals(first.output(), fast.output())
                    && first.exitStatus() == fast.exitStatus();
        }
        return new EngineComparison(median(slowTimes), median(fastTimes), fast, first.syscalls().size(), same);
    }

    private static Duration median(List<Duration> times) {
        List<Duration> sorted = times.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }
}
