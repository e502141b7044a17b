package org.hybridbridge.core.run;

import org.hybridbridge.fast.WindowFallback;
import org.hybridbridge.progress.ProgressListener;
import org.hybridbridge.qemu.KernelProfile;
import org.hybridbridge.taint.Fallback;
import org.hybridbridge.taint.PausedPoint;
import org.hybridbridge.taint.WindowPoint;
import org.hybridbridge.taint.metadata.KernelMetadata;

/**
 * The fallbacks of one run, of the software fast path or of Fast-Bridge: one {@link FallbackReplay},
 * opened at the first; counts them and the store's growth.
 */
final class FallbackReplays implements Fallback, WindowFallback, AutoCloseable {

    private final SlowRunRequest request;
    private final KernelProfile profile;
    private final ProgressListener progress;
    private final int storeSizeBefore;
    private FallbackReplay replay;
    private int fallbacks;
    private int storeSize;

    /** @param storeSize the records in the store the run starts with */
    FallbackReplays(SlowRunRequest request, KernelProfile profile, ProgressListener progress, int storeSize) {
        this.request = request;
        this.profile = profile;
        this.progress = progress;
        this.storeSizeBefore = storeSize;
        this.storeSize = storeSize;
    }

    @Override
    public KernelMetadata learn(PausedPoint point) {
        return grown(replay(point.describe()).learnTo(point, progress));
    }

    @Override
    public KernelMetadata learn(WindowPoint point) {
        return grown(replay(point.describe()).learnTo(point, progress));
    }

    /** @return how many fallbacks the run took */
    int fallbacks() {
        return fallbacks;
    }

    /** @return the records the fallbacks added to the store */
    int learned() {
        return storeSize - storeSizeBefore;
    }

    private FallbackReplay replay(String point) {
        fallbacks++;
        progress.subTask("Fallback " + fallbacks + ": no meta-data for " + point + "; Slow-Bridge replays "
                + request.commandLine() + " to it and learns");
        if (replay == null) {
            replay = FallbackReplay.open(request, profile);
        }
        return replay;
    }

    private KernelMetadata grown(KernelMetadata store) {
        storeSize = store.records().size();
        return store;
    }

    @Override
    public void close() {
        if (replay != null) {
            replay.close();
        }
    }
}
