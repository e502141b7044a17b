package org.hybridbridge.core.run;

import java.nio.file.Files;
import java.nio.file.Path;

import org.hybridbridge.progress.ProgressListener;
import org.hybridbridge.qemu.KernelProfile;
import org.hybridbridge.taint.MetadataMiss;
import org.hybridbridge.taint.metadata.KernelMetadata;
import org.hybridbridge.taint.metadata.MetadataFile;
import org.hybridbridge.x86.exec.EngineError;

/**
 * The software fast path (DESIGN.md 3.3, {@code hb run --engine memo}): the utility runs in the
 * engine as in Slow-Bridge, its introspected system calls routed by the meta-data store, with no
 * taint. Fallback: at an instruction without meta-data the memoized run stops; Slow-Bridge runs
 * the utility again from the run-start snapshot, redirected and learning, which grows the store;
 * then the memoized run starts again from the run-start snapshot with what was learned. (A
 * whole run, not a replay to the paused point: simpler, and the same meta-data, since Slow-Bridge
 * takes the path the memoized run took.) A second miss after that is a divergence, an error.
 */
public final class MemoRun {

    /** One Slow-Bridge run learns the whole path the memoized run takes; a second miss is a divergence. */
    private static final int MAX_FALLBACKS = 1;

    private MemoRun() {
    }

    public static MemoRunOutcome run(SlowRunRequest request, KernelProfile profile, ProgressListener progress) {
        if (!request.redirect()) {
            throw new IllegalArgumentException("--engine memo redirects by its meta-data: it has no --no-redirect");
        }
        Path store = request.metadataFile() != null ? request.metadataFile() : SlowRun.metadataFile(profile);
        int learned = 0;
        for (int fallbacks = 0;; fallbacks++) {
            KernelMetadata known = Files.exists(store) ? MetadataFile.read(store) : new KernelMetadata(profile.banner());
            try {
                return new MemoRunOutcome(SlowRun.memoized(request, profile, progress, known), fallbacks, learned);
            } catch (MetadataMiss miss) {
                if (fallbacks == MAX_FALLBACKS) {
                    throw new EngineError(miss.getMessage() + ", after Slow-Bridge learned the run: the memoized "
                            + "run took another path than Slow-Bridge's");
                }
                progress.subTask("Fallback: " + miss.getMessage() + "; Slow-Bridge learns " + request.commandLine());
                SlowRunOutcome slow = SlowRun.run(request, profile, progress);
                learned += slow.metadata().records().size() - known.records().size();
            }
        }
    }
}
