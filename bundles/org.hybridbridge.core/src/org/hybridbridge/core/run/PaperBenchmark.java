package org.hybridbridge.core.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

import org.hybridbridge.progress.ProgressListener;

import com.google.gson.GsonBuilder;
import org.hybridbridge.qemu.Directories;
import org.hybridbridge.qemu.KernelProfile;

/**
 * The benchmark of the paper's table ({@code hb bench}, issue 10 item 7) for the engines that run
 * here: per utility, in one warm process, medians of the measured runs of VMST mode (Slow-Bridge:
 * taint on every introspected call), of the software fast path from an empty meta-data store (its
 * fallbacks, each a Slow-Bridge replay, included in its time) and of the software fast path
 * trained by that run (no fallback expected). Every store is a new one in a directory of the
 * benchmark's own, so the profile's store neither helps nor grows. Fast-Bridge's columns need
 * its redirected mode on {@code /dev/kvm}.
 *
 * @param vmst               median run time in VMST mode
 * @param memoFirst          median run time of the software fast path from an empty store
 * @param memoFirstFallbacks its fallbacks (the engine is deterministic: the same in every run)
 * @param learned            the instructions its fallbacks added to the store
 * @param memoTrained        median run time of the software fast path with that store
 * @param trainedFallbacks   the most fallbacks a trained run took (0 unless a run took another path)
 * @param instructions       the instructions of one run
 * @param sameOutput         whether every run of every engine printed VMST mode's first output and status
 */
public record PaperBenchmark(Duration vmst, Duration memoFirst, int memoFirstFallbacks, int learned,
        Duration memoTrained, int trainedFallbacks, long instructions, boolean sameOutput) {

    /** The columns of {@code hb bench --csv}. */
    public static final List<String> COLUMNS = List.of("utility", "instructions", "vmstMs", "memoFirstMs",
            "memoFirstFallbacks", "learned", "memoTrainedMs", "memoTrainedFallbacks", "speedup", "sameOutput",
            "failure");

    /** Why Fast-Bridge's columns of the paper's table are not in it, in one line. */
    public static final String FAST_BRIDGE_ABSENT = "Fast-Bridge first run and trained, view-switch exits: not "
            + "measured; they need redirected Fast-Bridge on /dev/kvm (issue 10, items 2-3)";

    /**
     * A utility's row.
     *
     * @param utility the command line
     * @param medians its figures; {@code null} when it could not be measured
     * @param failure why not; {@code null} when it was
     */
    public record Row(String utility, PaperBenchmark medians, String failure) {

        /** @return the CSV cells, in {@link PaperBenchmark#COLUMNS} order */
        public List<String> cells() {
            return medians == null ? Csv.failure(COLUMNS, utility, failure) : medians.cells(utility);
        }
    }

    /** @return how many times faster the trained software fast path ran than VMST mode */
    public double speedup() {
        return vmst.toNanos() / (double) Math.max(memoTrained.toNanos(), 1);
    }

    private List<String> cells(String utility) {
        return List.of(utility, Long.toString(instructions), millis(vmst), millis(memoFirst),
                Integer.toString(memoFirstFallbacks), Integer.toString(learned), millis(memoTrained),
                Integer.toString(trainedFallbacks), String.format(Locale.ROOT, "%.2f", speedup()),
                Boolean.toString(sameOutput), "");
    }

    /** @return the benchmark as {@code hb bench --json} prints it: its settings, a row per utility, and why Fast-Bridge's columns are not there */
    public static String json(String guest, int warmUps, int repetitions, List<Row> rows) {
        List<Object> utilities = rows.stream().map(row -> (Object) (row.medians() == null
                ? JsonObjects.object("utility", row.utility(), "failure", row.failure())
                : row.medians().json(row.utility()))).toList();
        return new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create()
                .toJson(JsonObjects.object("guest", guest, "warmUps", warmUps, "repetitions", repetitions,
                        "utilities", utilities, "fastBridge", FAST_BRIDGE_ABSENT));
    }

    private Map<String, Object> json(String utility) {
        return JsonObjects.object("utility", utility, "instructions", instructions, "vmstMs", vmst.toNanos() / 1e6,
                "memoFirstMs", memoFirst.toNanos() / 1e6, "memoFirstFallbacks", memoFirstFallbacks, "learned",
                learned, "memoTrainedMs", memoTrained.toNanos() / 1e6, "memoTrainedFallbacks", trainedFallbacks,
                "speedup", speedup(), "sameOutput", sameOutput);
    }

    private static String millis(Duration duration) {
        return String.format(Locale.ROOT, "%.1f", duration.toNanos() / 1e6);
    }

    /**
     * Warms every utility up {@code warmUps} times in each engine, all before any is measured, then
     * measures each {@code repetitions} times per engine, redirected to {@code gvm}. A utility that
     * stops is a row saying why; a cancelled one is thrown.
     */
    public static List<Row> measureAll(UtilityRunner runner, Path gvm, List<String> utilities, int warmUps,
            int repetitions, ProgressListener progress) {
        if (repetitions < 1) {
            throw new IllegalArgumentException("at least one repetition: " + repetitions);
        }
        Path stores = temporaryDirectory();
        try {
            Bench bench = new Bench(runner.svm(progress), gvm, runner.profile(), stores, progress);
            List<Attempt<PaperBenchmark>> attempts = Attempt.warmThenMeasure(utilities, utility -> {
                for (int i = 0; i < warmUps; i++) {
                    bench.once(utility);
                }
            }, utility -> bench.measure(utility, repetitions));
            List<Row> rows = new ArrayList<>();
            for (int i = 0; i < utilities.size(); i++) {
                rows.add(new Row(utilities.get(i), attempts.get(i).value(), attempts.get(i).failure()));
            }
            return rows;
        } finally {
            deleteStores(stores);
        }
    }

    /** The runs of one benchmark: its snapshots, profile and a new store for each first run. */
    private static final class Bench {

        private final Path svm;
        private final Path gvm;
        private final KernelProfile profile;
        private final Path stores;
        private final ProgressListener progress;
        private int storeCount;

        Bench(Path svm, Path gvm, KernelProfile profile, Path stores, ProgressListener progress) {
            this.svm = svm;
            this.gvm = gvm;
            this.profile = profile;
            this.stores = stores;
            this.progress = progress;
        }

        /** One run in each engine: VMST mode, the software fast path from an empty store, then trained. */
        Triple once(String utility) {
            SlowRunOutcome vmst = SlowRun.run(request(utility, newStore()), profile, progress);
            Path store = newStore();
            MemoRunOutcome first = MemoRun.run(request(utility, store), profile, progress);
            MemoRunOutcome trained = MemoRun.run(request(utility, store), profile, progress);
            return new Triple(vmst, first, trained);
        }

        PaperBenchmark measure(String utility, int repetitions) {
            List<Triple> runs = new ArrayList<>();
            for (int i = 0; i < repetitions; i++) {
                runs.add(once(utility));
            }
            SlowRunOutcome reference = runs.get(0).vmst();
            boolean same = runs.stream()
                    .flatMap(t -> Stream.of(t.vmst(), t.memoFirst().run(), t.memoTrained().run()))
                    .allMatch(o -> Arrays.equals(reference.result().output(), o.result().output())
                            && reference.result().exitStatus() == o.result().exitStatus());
            return new PaperBenchmark(median(runs, t -> t.vmst()), median(runs, t -> t.memoFirst().run()),
                    runs.get(0).memoFirst().fallbacks(), runs.get(0).memoFirst().learned(),
                    median(runs, t -> t.memoTrained().run()),
                    runs.stream().mapToInt(t -> t.memoTrained().fallbacks()).max().orElseThrow(),
                    reference.result().userInstructions() + reference.result().kernelInstructions(), same);
        }

        private Path newStore() {
            return stores.resolve("store-" + ++storeCount + ".hbmeta");
        }

        private SlowRunRequest request(String commandLine, Path store) {
            return new SlowRunRequest(svm, gvm, UtilityRunner.command(commandLine), true,
                    SlowRunRequest.DEFAULT_BUDGET, null, null, store, null);
        }
    }

    private record Triple(SlowRunOutcome vmst, MemoRunOutcome memoFirst, MemoRunOutcome memoTrained) {
    }

    /** The median of the runs' run phase (the run itself, fallbacks included; not loading or saving). */
    private static Duration median(List<Triple> runs, Function<Triple, SlowRunOutcome> engine) {
        List<Duration> sorted = runs.stream().map(t -> engine.apply(t).phases().run())
                .sorted(Comparator.naturalOrder()).toList();
        return sorted.get(sorted.size() / 2);
    }

    private static void deleteStores(Path directory) {
        try {
            Directories.deleteRecursively(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the benchmark's meta-data stores in " + directory, e);
        }
    }

    private static Path temporaryDirectory() {
        try {
            return Files.createTempDirectory("hb-bench-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make a directory for the benchmark's meta-data stores: " + e, e);
        }
    }
}
