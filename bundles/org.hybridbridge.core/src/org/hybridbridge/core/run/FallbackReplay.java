package org.hybridbridge.core.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.UnaryOperator;

import org.hybridbridge.progress.ProgressListener;
import org.hybridbridge.qemu.KernelProfile;
import org.hybridbridge.qemu.SnapshotFile;
import org.hybridbridge.taint.PausedPoint;
import org.hybridbridge.taint.SlowBridge;
import org.hybridbridge.taint.WindowPoint;
import org.hybridbridge.taint.metadata.KernelMetadata;
import org.hybridbridge.taint.metadata.MetadataFile;

/**
 * The Slow-Bridge side of a paused run's fallbacks (DESIGN.md 3.4): one Slow-Bridge run of the
 * request from its run-start snapshot over pristine overlays (the snapshots were checked by the
 * paused run), taken to each paused point in turn and on to the end of its system call, each
 * time merging what it learned into the store. Between two fallbacks it waits where the paused
 * run resumed, at the same state, so a run's fallbacks together cost at most one Slow-Bridge run.
 */
final class FallbackReplay implements AutoCloseable {

    private final SlowRunRequest request;
    private final KernelProfile profile;
    private final SnapshotFile svm;
    private final SnapshotFile gvm;
    private final SlowBridge bridge;

    private FallbackReplay(SlowRunRequest request, KernelProfile profile, SnapshotFile svm, SnapshotFile gvm) {
        this.request = request;
        this.profile = profile;
        this.svm = svm;
        this.gvm = gvm;
        this.bridge = SlowRun.open(request, profile, SlowRun.syscallTable(request), svm, gvm, UnaryOperator.identity())
                .bridge();
    }

    static FallbackReplay open(SlowRunRequest request, KernelProfile profile) {
        SnapshotFile svm = SnapshotFile.open(request.svm());
        SnapshotFile gvm = null;
        try {
            gvm = SnapshotFile.open(request.gvm());
            return new FallbackReplay(request, profile, svm, gvm);
        } catch (RuntimeException | Error e) {
            closeAfter(e, svm, gvm);
            throw e;
        }
    }

    private static void closeAfter(Throwable failure, SnapshotFile... files) {
        for (SnapshotFile file : files) {
            if (file != null) {
                try {
                    file.close();
                } catch (IOException e) {
                    failure.addSuppressed(e);
                }
            }
        }
    }

    /**
     * Replays to {@code point} and learns to the end of its system call.
     *
     * @return the meta-data store with what was learned merged in
     * @throws org.hybridbridge.x86.exec.EngineError when the replay does not meet the paused point
     */
    KernelMetadata learnTo(PausedPoint point, ProgressListener progress) {
        return merged(bridge.learnTo(point, progress));
    }

    /**
     * Replays to Fast-Bridge's {@code point} and learns to the end of its system call.
     *
     * @return the meta-data store with what was learned merged in
     * @throws org.hybridbridge.x86.exec.EngineError when the replay does not meet the paused point
     */
    KernelMetadata learnTo(WindowPoint point, ProgressListener progress) {
        return merged(bridge.learnTo(point, progress));
    }

    private KernelMetadata merged(KernelMetadata learned) {
        try {
            return MetadataFile.mergeInto(SlowRun.metadataFile(request, profile), learned);
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try (svm; gvm) {
            // both mappings released
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
    }
}
