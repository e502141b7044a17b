package org.hybridbridge.core.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.hybridbridge.core.progress.CancelledException;
import org.hybridbridge.core.progress.ProgressListener;
import org.hybridbridge.qemu.GuestImages;
import org.hybridbridge.qemu.GuestKind;
import org.hybridbridge.qemu.GuestProgress;
import org.hybridbridge.qemu.KernelProfile;
import org.hybridbridge.qemu.KernelProfiler;
import org.hybridbridge.qemu.MachineOptions;
import org.hybridbridge.qemu.SnapshotCache;
import org.hybridbridge.qemu.SnapshotFile;
import org.hybridbridge.qemu.SnapshotManifest;
import org.hybridbridge.taint.RunBudget;
import org.hybridbridge.taint.RunResult;

/**
 * The orchestration of utility runs on the default guests, shared by {@code hb demo},
 * {@code hb bench slow} and the Runs view: the kernel profile and the snapshots come from the
 * cache (taken on first use), each utility from its own SVM run-start snapshot.
 */
public final class UtilityRunner {

    private final SnapshotCache snapshots;
    private final KernelProfile profile;

    public UtilityRunner(SnapshotCache snapshots, KernelProfile profile) {
        this.snapshots = snapshots;
        this.profile = profile;
    }

    /** A runner on the default cache's guests; profiles the kernel on first use (a guest boot). */
    public static UtilityRunner inDefaultCache(ProgressListener progress) {
        GuestImages images = GuestImages.inDefaultCache();
        return new UtilityRunner(new SnapshotCache(images, MachineOptions.defaults()),
                KernelProfiler.profile(images, MachineOptions.defaults(), guestSteps(progress)));
    }

    public KernelProfile profile() {
        return profile;
    }

    /** @return the snapshot of the GVM {@code kind}, from the cache */
    public Path gvm(GuestKind kind, ProgressListener progress) {
        return snapshots.gvm(kind, guestSteps(progress));
    }

    /** @return the SVM run-start snapshot of {@code commandLine}, from the cache */
    public Path svm(String commandLine, ProgressListener progress) {
        return snapshots.svm(commandLine, guestSteps(progress));
    }

    /** @return the words of a command line as typed ("uname -a") */
    public static List<String> command(String commandLine) {
        return List.of(commandLine.strip().split("\\s+"));
    }

    /**
     * Runs {@code commandLine} alone and redirected to {@code gvm} by {@code engine}, and checks the
     * redirected answer against the GVM's ground truth. A run that stops is an answer saying why.
     */
    public UtilityRun compare(String commandLine, Path gvm, BridgeEngine engine, ProgressListener progress) {
        long start = System.nanoTime();
        List<String> command = command(commandLine);
        Path svm = svm(commandLine, progress);
        String alone = answer(new SlowRunRequest(svm, null, command, false, SlowRunRequest.DEFAULT_BUDGET, null,
                null, null, null), BridgeEngine.slow, progress).text();
        Answer bridged = answer(new SlowRunRequest(svm, gvm, command, true, SlowRunRequest.DEFAULT_BUDGET, null,
                null, null, null), engine, progress);
        GroundTruth.Verdict verdict = judge(commandLine, bridged.text(), gvm);
        return new UtilityRun(command, engine, alone, bridged.text(), verdict, bridged.result(),
                Duration.ofNanos(System.nanoTime() - start));
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

    private record Answer(String text, RunResult result) {
    }

    /**
     * The utility's output and the kernel's warnings, or the one line that says why the run
     * stopped; a run the user cancelled is a {@link CancelledException}, not an answer.
     */
    private Answer answer(SlowRunRequest request, BridgeEngine engine, ProgressListener progress) {
        try {
            RunResult result = engine == BridgeEngine.memo ? MemoRun.run(request, profile, progress).run().result()
                    : SlowRun.run(request, profile, progress).result();
            StringBuilder text = new StringBuilder(result.outputText());
            result.warnings().forEach(warning -> text.append("(warning: ").append(warning).append(")\n"));
            return new Answer(text.toString(), result);
        } catch (RuntimeException e) {
            if (progress.isCancelled()) {
                throw new CancelledException(request.commandLine());
            }
            return new Answer("(run stopped: " + e.getMessage() + ")\n", null);
        }
    }

    private static SnapshotManifest manifestOf(Path snapshot) {
        try (SnapshotFile file = SnapshotFile.open(snapshot)) {
            return file.manifest();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The guest bundle's steps on a core listener: the qemu bundle stands alone, so it has its own interface. */
    private static GuestProgress guestSteps(ProgressListener progress) {
        if (progress instanceof GuestProgress both) {
            return both;
        }
        return new GuestProgress() {
            @Override
            public void beginTask(String name, int totalSteps) {
                progress.beginTask(name, totalSteps);
            }

            @Override
            public void step(String description) {
                progress.subTask(description);
                progress.worked(1);
            }

            @Override
            public boolean isCancelled() {
                return progress.isCancelled();
            }
        };
    }
}
