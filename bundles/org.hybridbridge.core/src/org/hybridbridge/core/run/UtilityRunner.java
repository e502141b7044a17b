package org.hybridbridge.core.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.hybridbridge.model.RunVerdict;
import org.hybridbridge.model.UtilityRun;
import org.hybridbridge.model.store.RunHistoryStore;
import org.hybridbridge.progress.CancelledException;
import org.hybridbridge.progress.ProgressListener;
import org.hybridbridge.qemu.GuestException;
import org.hybridbridge.qemu.GuestImages;
import org.hybridbridge.qemu.GuestKind;
import org.hybridbridge.qemu.KernelProfile;
import org.hybridbridge.qemu.KernelProfiler;
import org.hybridbridge.qemu.MachineOptions;
import org.hybridbridge.qemu.SnapshotCache;
import org.hybridbridge.qemu.SnapshotFile;
import org.hybridbridge.qemu.SnapshotManifest;
import org.hybridbridge.taint.RunBudget;

/**
 * The orchestration of utility runs on the default guests, shared by {@code hb demo},
 * {@code hb bench slow} and the Runs view: the kernel profile and the snapshots come from the
 * cache (taken on first use), each utility from its own SVM run-start snapshot; each run is a
 * model {@link UtilityRun}, kept in the cache's history of runs.
 */
public final class UtilityRunner {

    /** The history of runs in the cache directory: what the Runs view lists. */
    public static final String HISTORY_FILE = "runs.hbruns";

    private final SnapshotCache snapshots;
    private final KernelProfile profile;
    private final RunHistoryStore history;

    public UtilityRunner(SnapshotCache snapshots, KernelProfile profile, RunHistoryStore history) {
        this.snapshots = snapshots;
        this.profile = profile;
        this.history = history;
    }

    /** A runner on the default cache's guests; profiles the kernel on first use (a guest boot). */
    public static UtilityRunner inDefaultCache(ProgressListener progress) {
        GuestImages images = GuestImages.inDefaultCache();
        return new UtilityRunner(new SnapshotCache(images, MachineOptions.defaults()),
                KernelProfiler.profile(images, MachineOptions.defaults(), progress),
                defaultHistory());
    }

    /** @return the history of runs of the default cache (read without profiling the kernel) */
    public static RunHistoryStore defaultHistory() {
        return new RunHistoryStore(GuestImages.defaultCacheDirectory().resolve(HISTORY_FILE));
    }

    public KernelProfile profile() {
        return profile;
    }

    /** @return the snapshot of the GVM {@code kind}, from the cache */
    public Path gvm(GuestKind kind, ProgressListener progress) {
        return snapshots.gvm(kind, progress);
    }

    /** @return the SVM run-start snapshot, of every command line, from the cache */
    public Path svm(ProgressListener progress) {
        return snapshots.svm(progress);
    }

    /** @return the words of a command line as typed ("uname -a") */
    public static List<String> command(String commandLine) {
        return List.of(commandLine.strip().split("\\s+"));
    }

    /**
     * Runs {@code commandLine} alone and redirected to {@code gvm} by {@code engine}, checks the
     * redirected answer against the GVM's ground truth and adds the run to the history. A run that
     * stops is a run saying why ({@link RunVerdict#STOPPED}); one the user cancelled is a
     * {@link CancelledException}.
     */
    public UtilityRun compare(String commandLine, Path gvm, BridgeEngine engine, ProgressListener progress) {
        UtilityRun run = RunRecords.started(commandLine, engine, gvm, profile);
        Path svm = svm(progress);
        run.setSvm(RunRecords.snapshot(svm));
        long start = System.nanoTime();
        run.setSvmAnswer(alone(svm, run, progress));
        RunRecords.phase(run, "alone", Duration.ofNanos(System.nanoTime() - start));
        SlowRunRequest request = new SlowRunRequest(svm, gvm, command(commandLine), true,
                SlowRunRequest.DEFAULT_BUDGET, null, null, null, null);
        try {
            switch (engine) {
                case memo -> {
                    MemoRunOutcome memo = MemoRun.run(request, profile, progress);
                    run.setFallbacks(memo.fallbacks());
                    run.setLearned(memo.learned());
                    finished(run, memo.run(), gvm);
                }
                case fast -> {
                    FastRunOutcome fast = FastRun.run(FastRunRequest.redirected(svm, command(commandLine), gvm, null),
                            profile, progress);
                    RunRecords.finished(run, fast, judge(commandLine, fast.result().outputText(), gvm));
                }
                case slow -> finished(run, SlowRun.run(request, profile, progress), gvm);
            }
        } catch (RuntimeException e) {
            stopped(run, RunVerdict.STOPPED, e, progress);
        }
        history.append(run);
        return run;
    }

    /**
     * Runs {@code commandLine} through Slow-Bridge (VMST mode) redirected to {@code gvm} within
     * {@code budget}, judges it by the GVM's ground truth and adds it to the history: a row of
     * {@code hb bench slow}. A utility without a run-start snapshot, or a run that stops, is a run
     * saying why.
     */
    public UtilityRun bench(String commandLine, Path gvm, RunBudget budget, ProgressListener progress) {
        UtilityRun run = RunRecords.started(commandLine, BridgeEngine.slow, gvm, profile);
        try {
            Path svm = svm(progress);
            run.setSvm(RunRecords.snapshot(svm));
            try {
                finished(run, redirected(svm, commandLine, gvm, budget, progress), gvm);
            } catch (RuntimeException e) {
                stopped(run, RunVerdict.STOPPED, e, progress);
            }
        } catch (GuestException e) {
            stopped(run, RunVerdict.NOT_RUN, e, progress);
        }
        history.append(run);
        return run;
    }

    /**
     * Runs {@code commandLine} from its run-start snapshot {@code svm} redirected to {@code gvm}
     * within {@code budget}; a run that stops is thrown.
     */
    public SlowRunOutcome redirected(Path svm, String commandLine, Path gvm, RunBudget budget,
            ProgressListener progress) {
        return SlowRun.run(new SlowRunRequest(svm, gvm, command(commandLine), true, budget,
                null, null, null, null), profile, progress);
    }

    /** Judges a redirected run's output of {@code commandLine} against the ground truth of {@code gvm}. */
    public static GroundTruth.Verdict judge(String commandLine, String output, Path gvm) {
        return GroundTruth.check(command(commandLine), output, manifestOf(gvm));
    }

    private static void finished(UtilityRun run, SlowRunOutcome outcome, Path gvm) {
        RunRecords.finished(run, outcome.result(), judge(run.getCommandLine(), outcome.result().outputText(), gvm));
        RunRecords.phases(run, outcome.phases());
        String missing = "hb-agent: " + command(run.getCommandLine()).get(0) + ": ";
        String output = outcome.result().outputText();
        if (outcome.result().exitStatus() == 127 && output.startsWith(missing) && output.indexOf('\n') == output.length() - 1) {
            // the SVM's agent found no such program: the utility never ran
            RunRecords.failed(run, RunVerdict.NOT_RUN, "the SVM has no command " + ControlCharacters.escaped(output.strip()
                    .substring("hb-agent: ".length())));
        }
    }

    /** A stop the user asked for is thrown on; any other is the run's failure. */
    private static void stopped(UtilityRun run, RunVerdict verdict, RuntimeException e, ProgressListener progress) {
        throwIfCancelled(run, e, progress);
        RunRecords.failed(run, verdict, e.getMessage());
    }

    private static void throwIfCancelled(UtilityRun run, RuntimeException e, ProgressListener progress) {
        if (e instanceof CancelledException cancelled) {
            throw cancelled;
        }
        if (progress.isCancelled()) {
            throw new CancelledException(run.getCommandLine());
        }
    }

    /** The SVM's own answer: output and warnings, or the one line that says why the run stopped. */
    private String alone(Path svm, UtilityRun run, ProgressListener progress) {
        try {
            return RunRecords.answer(SlowRun.run(new SlowRunRequest(svm, null, command(run.getCommandLine()), false,
                    SlowRunRequest.DEFAULT_BUDGET, null, null, null, null), profile, progress).result());
        } catch (RuntimeException e) {
            throwIfCancelled(run, e, progress);
            return "(run stopped: " + e.getMessage() + ")\n";
        }
    }

    private static SnapshotManifest manifestOf(Path snapshot) {
        try (SnapshotFile file = SnapshotFile.open(snapshot)) {
            return file.manifest();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
