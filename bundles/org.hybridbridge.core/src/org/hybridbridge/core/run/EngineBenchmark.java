package org.hybridbridge.core.run;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

import org.hybridbridge.progress.ProgressListener;
import org.hybridbridge.qemu.KernelProfile;
import org.hybridbridge.taint.RunResult;

/**
 * One utility through Slow-Bridge, redirected (VMST mode: taint on), several times in one warm
 * process ({@code hb bench engine}): the JIT's warm-up runs are left out ({@link #warmUp}: every
 * utility's before any is measured, or the first one measured pays for compiling the engine), and
 * each figure is the median of the measured runs, so one garbage collection or one slow page-in
 * does not move it.
 *
 * @param instructions             the instructions of one run (user and kernel; the engine is deterministic)
 * @param load                     median time of opening and checking the snapshots and setting up
 * @param run                      median time of the run itself
 * @param runCpu                   median CPU time of the running thread during the run, {@code null}
 *                                 where the JVM does not measure it: what to compare on cores shared
 *                                 with other jobs, where wall time counts the waits for a core too
 * @param save                     median time of saving the meta-data
 * @param allocatedPerInstruction  median bytes allocated per instruction during the run; NaN where the
 *                                 JVM does not count them
 * @param exitStatus               the utility's exit status
 * @param sameResult               whether every run printed the first one's output and exit status
 */
public record EngineBenchmark(long instructions, Duration load, Duration run, Duration runCpu, Duration save,
        double allocatedPerInstruction, int exitStatus, boolean sameResult) {

    /** The columns of {@code hb bench engine --csv}: the table's figures. */
    public static final List<String> COLUMNS = List.of("utility", "instructions", "instructionsPerSecond", "loadMs",
            "runMs", "saveMs", "bytesPerInstruction", "exitStatus", "sameResult", "failure");

    /**
     * A utility's row of {@code hb bench engine}.
     *
     * @param utility the command line
     * @param medians its medians; {@code null} when it could not be measured
     * @param failure why not; {@code null} when it was
     */
    public record Row(String utility, EngineBenchmark medians, String failure) {

        /** @return the CSV cells, in {@link EngineBenchmark#COLUMNS} order */
        public List<String> cells() {
            return medians == null ? Csv.failure(COLUMNS, utility, failure) : medians.cells(utility);
        }
    }

    /**
     * Warms every utility up {@code warmUps} times, all before any is measured (the JIT compiles
     * the engine once, not for the first utility measured), then measures each {@code repetitions}
     * times from its run-start snapshot, redirected to {@code gvm}. A utility that stops is a row
     * saying why; a cancelled one is thrown.
     */
    public static List<Row> measureAll(UtilityRunner runner, Path gvm, List<String> utilities, int warmUps,
            int repetitions, ProgressListener progress) {
        List<Attempt<EngineBenchmark>> attempts = Attempt.warmThenMeasure(utilities,
                utility -> warmUp(runner.svm(progress), gvm, utility, runner.profile(), warmUps, progress),
                utility -> measure(runner.svm(progress), gvm, utility, runner.profile(), repetitions, progress));
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < utilities.size(); i++) {
            rows.add(new Row(utilities.get(i), attempts.get(i).value(), attempts.get(i).failure()));
        }
        return rows;
    }

    private List<String> cells(String utility) {
        return List.of(utility, Long.toString(instructions), String.format(Locale.ROOT, "%.0f", instructionsPerSecond()),
                String.format(Locale.ROOT, "%.3f", load.toNanos() / 1e6),
                String.format(Locale.ROOT, "%.3f", run.toNanos() / 1e6),
                String.format(Locale.ROOT, "%.3f", save.toNanos() / 1e6),
                String.format(Locale.ROOT, "%.1f", allocatedPerInstruction), Integer.toString(exitStatus),
                Boolean.toString(sameResult), "");
    }

    /** @return instructions per second of the median run */
    public double instructionsPerSecond() {
        return perSecond(run);
    }

    /** @return instructions per second of CPU time of the median run, NaN where it is not measured */
    public double instructionsPerCpuSecond() {
        return runCpu == null ? Double.NaN : perSecond(runCpu);
    }

    private double perSecond(Duration time) {
        return instructions / Math.max(time.toNanos() / 1e9, 1e-9);
    }

    /** Runs {@code commandLine} from {@code svm} redirected to {@code gvm} {@code runs} times, not measured. */
    private static void warmUp(Path svm, Path gvm, String commandLine, KernelProfile profile, int runs,
            ProgressListener progress) {
        for (int i = 0; i < runs; i++) {
            SlowRun.run(request(svm, gvm, commandLine), profile, progress);
        }
    }

    /** Runs {@code commandLine} from {@code svm} redirected to {@code gvm} {@code repetitions} times, measured. */
    private static EngineBenchmark measure(Path svm, Path gvm, String commandLine, KernelProfile profile,
            int repetitions, ProgressListener progress) {
        if (repetitions < 1) {
            throw new IllegalArgumentException("at least one repetition: " + repetitions);
        }
        SlowRunRequest request = request(svm, gvm, commandLine);
        List<SlowRunOutcome> runs = new ArrayList<>();
        for (int i = 0; i < repetitions; i++) {
            runs.add(SlowRun.run(request, profile, progress));
        }
        RunResult first = runs.get(0).result();
        long instructions = first.userInstructions() + first.kernelInstructions();
        boolean same = runs.stream().map(SlowRunOutcome::result).allMatch(
                r -> Arrays.equals(first.output(), r.output()) && first.exitStatus() == r.exitStatus());
        double allocated = runs.get(0).phases().runAllocatedBytes() < 0 ? Double.NaN
                : runs.stream().mapToDouble(o -> (double) o.phases().runAllocatedBytes() / Math.max(instructions, 1))
                        .sorted().toArray()[runs.size() / 2];
        Duration runCpu = runs.get(0).phases().runCpu() == null ? null : median(runs, SlowRunPhases::runCpu);
        return new EngineBenchmark(instructions, median(runs, SlowRunPhases::load), median(runs, SlowRunPhases::run),
                runCpu, median(runs, SlowRunPhases::save), allocated, first.exitStatus(), same);
    }

    private static SlowRunRequest request(Path svm, Path gvm, String commandLine) {
        return new SlowRunRequest(svm, gvm, List.of(commandLine.split(" ")), true, SlowRunRequest.DEFAULT_BUDGET,
                null, null, null, null);
    }

    private static Duration median(List<SlowRunOutcome> runs, Function<SlowRunPhases, Duration> phase) {
        List<Duration> sorted = runs.stream().map(o -> phase.apply(o.phases())).sorted(Comparator.naturalOrder())
                .toList();
        return sorted.get(sorted.size() / 2);
    }
}
