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

import org.hybridbridge.fast.FastBridgeOptions;
import org.hybridbridge.fast.FastRunResult;
import org.hybridbridge.kvm.Kvm;
import org.hybridbridge.progress.ProgressListener;

import com.google.gson.GsonBuilder;
import org.hybridbridge.qemu.Directories;
import org.hybridbridge.qemu.KernelProfile;

/**
 * The benchmark of the paper's table ({@code hb bench}, issue 10 item 7): per utility, in one warm
 * process, medians of the measured runs of VMST mode (Slow-Bridge: taint on every introspected
 * call), of the software fast path from an empty meta-data store (its fallbacks, each a Slow-Bridge
 * replay, included in its time) and trained by that run, and of redirected Fast-Bridge on KVM
 * likewise, first from an empty store and then trained. Every store is a new one in a directory
 * of the benchmark's own, so the profile's store neither helps nor grows. Run times are the run
 * phase: not loading the profile and store, mapping or patching.
 *
 * @param vmst               median run time in VMST mode
 * @param memoFirst          median run time of the software fast path from an empty store
 * @param memoFirstFallbacks its fallbacks (the engine is deterministic: the same in every run)
 * @param learned            the instructions its fallbacks added to the store
 * @param memoTrained        median run time of the software fast path with that store
 * @param trainedFallbacks   the most fallbacks a trained run took (0 unless a run took another path)
 * @param instructions       the instructions of one run
 * @param sameOutput         whether every run of every engine printed VMST mode's first output and status
 * @param fast               Fast-Bridge's figures; {@code null} where there is no {@code /dev/kvm}
 */
public record PaperBenchmark(Duration vmst, Duration memoFirst, int memoFirstFallbacks, int learned,
        Duration memoTrained, int trainedFallbacks, long instructions, boolean sameOutput, FastBridgeFigures fast) {

    /**
     * Redirected Fast-Bridge's figures on KVM.
     *
     * @param first              median run time from an empty store, its fallbacks' replays included
     * @param firstFallbacks     the fallbacks of the first measured first run
     * @param trained            median run time with the store that run grew
     * @param trainedFallbacks   the most fallbacks a trained run took
     * @param viewSwitches       view-switch exits of the first trained run: with the fallbacks, the
     *                           figure comparable to the paper's #VMExit
     * @param exits              every VM exit of that run
     * @param handOffs           the introspected calls it handed to the engine
     */
    public record FastBridgeFigures(Duration first, int firstFallbacks, Duration trained, int trainedFallbacks,
            long viewSwitches, long exits, long handOffs) {
    }

    /** The columns of {@code hb bench --csv}. */
    public static final List<String> COLUMNS = List.of("utility", "instructions", "vmstMs", "memoFirstMs",
            "memoFirstFallbacks", "learned", "memoTrainedMs", "memoTrainedFallbacks", "speedup", "fastFirstMs",
            "fastFirstFallbacks", "fastTrainedMs", "fastTrainedFallbacks", "fastSpeedup", "viewSwitchExits",
            "exits", "handOffs", "sameOutput", "failure");

    /** Why Fast-Bridge's columns are empty where there is no KVM, in one line. */
    public static final String FAST_BRIDGE_ABSENT = "Fast-Bridge columns: not measured, no " + Kvm.DEFAULT_DEVICE
            + " on this host";

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

    /** @return how many times faster trained Fast-Bridge ran than VMST mode (the paper's speedup); NaN without it */
    public double fastSpeedup() {
        return fast == null ? Double.NaN : vmst.toNanos() / (double) Math.max(fast.trained().toNanos(), 1);
    }

    private List<String> cells(String utility) {
        List<String> cells = new ArrayList<>(List.of(utility, Long.toString(instructions), millis(vmst),
                millis(memoFirst), Integer.toString(memoFirstFallbacks), Integer.toString(learned),
                millis(memoTrained), Integer.toString(trainedFallbacks), String.format(Locale.ROOT, "%.2f", speedup())));
        if (fast == null) {
            cells.addAll(List.of("", "", "", "", "", "", "", ""));
        } else {
            cells.addAll(List.of(millis(fast.first()), Integer.toString(fast.firstFallbacks()), millis(fast.trained()),
                    Integer.toString(fast.trainedFallbacks()), String.format(Locale.ROOT, "%.2f", fastSpeedup()),
                    Long.toString(fast.viewSwitches()), Long.toString(fast.exits()), Long.toString(fast.handOffs())));
        }
        cells.addAll(List.of(Boolean.toString(sameOutput), ""));
        return cells;
    }

    /** @return the benchmark as {@code hb bench --json} prints it: its settings, a row per utility, and Fast-Bridge's absence where it is absent */
    public static String json(String guest, int warmUps, int repetitions, List<Row> rows) {
        List<Object> utilities = rows.stream().map(row -> (Object) (row.medians() == null
                ? JsonObjects.object("utility", row.utility(), "failure", row.failure())
                : row.medians().json(row.utility()))).toList();
        return new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create()
                .toJson(JsonObjects.object("guest", guest, "warmUps", warmUps, "repetitions", repetitions,
                        "utilities", utilities, "fastBridge", kvmPresent() ? "measured on KVM" : FAST_BRIDGE_ABSENT));
    }

    private Map<String, Object> json(String utility) {
        Map<String, Object> row = JsonObjects.object("utility", utility, "instructions", instructions, "vmstMs",
                vmst.toNanos() / 1e6, "memoFirstMs", memoFirst.toNanos() / 1e6, "memoFirstFallbacks",
                memoFirstFallbacks, "learned", learned, "memoTrainedMs", memoTrained.toNanos() / 1e6,
                "memoTrainedFallbacks", trainedFallbacks, "speedup", speedup(), "sameOutput", sameOutput);
        if (fast != null) {
            row.put("fast", JsonObjects.object("firstMs", fast.first().toNanos() / 1e6, "firstFallbacks",
                    fast.firstFallbacks(), "trainedMs", fast.trained().toNanos() / 1e6, "trainedFallbacks",
                    fast.trainedFallbacks(), "speedup", fastSpeedup(), "viewSwitchExits", fast.viewSwitches(),
                    "exits", fast.exits(), "handOffs", fast.handOffs()));
        }
        return row;
    }

    /** @return whether Fast-Bridge's columns can be measured here */
    public static boolean kvmPresent() {
        return FastRun.guestCpuHere() == FastBridgeOptions.GuestCpu.KVM;
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

        /** One run in each engine: VMST mode, the software fast path from an empty store, then trained; Fast-Bridge likewise. */
        Runs once(String utility) {
            SlowRunOutcome vmst = SlowRun.run(request(utility, newStore()), profile, progress);
            Path store = newStore();
            MemoRunOutcome first = MemoRun.run(request(utility, store), profile, progress);
            MemoRunOutcome trained = MemoRun.run(request(utility, store), profile, progress);
            if (!kvmPresent()) {
                return new Runs(vmst, first, trained, null, null);
            }
            FastRunRequest fast = FastRunRequest.redirected(svm, UtilityRunner.command(utility), gvm, newStore());
            FastRunOutcome fastFirst = FastRun.run(fast, profile, progress);
            FastRunOutcome fastTrained = FastRun.run(fast, profile, progress);
            return new Runs(vmst, first, trained, fastFirst.result(), fastTrained.result());
        }

        PaperBenchmark measure(String utility, int repetitions) {
            List<Runs> runs = new ArrayList<>();
            for (int i = 0; i < repetitions; i++) {
                runs.add(once(utility));
            }
            SlowRunOutcome reference = runs.get(0).vmst();
            boolean same = runs.stream().flatMap(Runs::outputs)
                    .allMatch(o -> Arrays.equals(reference.result().output(), o.output())
                            && reference.result().exitStatus() == o.exitStatus());
            return new PaperBenchmark(median(runs, t -> t.vmst().phases().run()),
                    median(runs, t -> t.memoFirst().run().phases().run()), runs.get(0).memoFirst().fallbacks(),
                    runs.get(0).memoFirst().learned(), median(runs, t -> t.memoTrained().run().phases().run()),
                    runs.stream().mapToInt(t -> t.memoTrained().fallbacks()).max().orElseThrow(),
                    reference.result().userInstructions() + reference.result().kernelInstructions(), same,
                    runs.get(0).fastFirst() == null ? null : fastFigures(runs));
        }

        private static FastBridgeFigures fastFigures(List<Runs> runs) {
            FastRunResult trained = runs.get(0).fastTrained();
            return new FastBridgeFigures(median(runs, t -> t.fastFirst().run()),
                    runs.get(0).fastFirst().exits().fallbacks(), median(runs, t -> t.fastTrained().run()),
                    runs.stream().mapToInt(t -> t.fastTrained().exits().fallbacks()).max().orElseThrow(),
                    trained.exits().viewSwitches(), trained.exits().total(), trained.exits().handOffs());
        }

        private Path newStore() {
            return stores.resolve("store-" + ++storeCount + ".hbmeta");
        }

        private SlowRunRequest request(String commandLine, Path store) {
            return new SlowRunRequest(svm, gvm, UtilityRunner.command(commandLine), true,
                    SlowRunRequest.DEFAULT_BUDGET, null, null, store, null);
        }
    }

    /** One round of runs of a utility; Fast-Bridge's {@code null} where there is no KVM. */
    private record Runs(SlowRunOutcome vmst, MemoRunOutcome memoFirst, MemoRunOutcome memoTrained,
            FastRunResult fastFirst, FastRunResult fastTrained) {

        /** @return what every run printed and its status, to compare with VMST mode's first */
        Stream<RunOutcome> outputs() {
            Stream<RunOutcome> engine = Stream.of(vmst.result(), memoFirst.run().result(), memoTrained.run().result())
                    .map(r -> new RunOutcome(r.output(), r.exitStatus()));
            return fastFirst == null ? engine : Stream.concat(engine, Stream.of(fastFirst, fastTrained)
                    .map(r -> new RunOutcome(r.output(), r.exitStatus())));
        }
    }

    private record RunOutcome(byte[] output, int exitStatus) {
    }

    /** The median of one figure of the runs. */
    private static Duration median(List<Runs> runs, Function<Runs, Duration> figure) {
        List<Duration> sorted = runs.stream().map(figure).sorted(Comparator.naturalOrder()).toList();
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
