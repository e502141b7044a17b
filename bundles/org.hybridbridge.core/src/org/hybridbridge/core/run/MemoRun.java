package org.hybridbridge.core.run;

import java.nio.file.Files;
import java.nio.file.Path;

import org.hybridbridge.progress.ProgressListener;
import org.hybridbridge.qemu.KernelProfile;
import org.hybridbridge.taint.metadata.KernelMetadata;
import org.hybridbridge.taint.metadata.MetadataFile;

/**
 * The software fast path (DESIGN.md 3.3, {@code hb run --engine memo}): the utility runs in the
 * engine as in Slow-Bridge, its introspected system calls routed by the meta-data store, with no
 * taint. Fallback, as Fast-Bridge's (DESIGN.md 3.4): at an instruction without meta-data the run
 * pauses; Slow-Bridge replays the utility from the run-start snapshot, over pristine overlays, to
 * that very instruction (a divergence is an error), learns on to the end of that system call and
 * grows the store; the paused run resumes with it. One fallback per system call that meets an
 * unknown instruction, so a run with an empty store takes several (their replay is one Slow-Bridge
 * run, continued from fallback to fallback: {@link FallbackReplay}); a second run takes none.
 */
public final class MemoRun {

    private MemoRun() {
    }

    public static MemoRunOutcome run(SlowRunRequest request, KernelProfile profile, ProgressListener progress) {
        if (!request.redirect()) {
            throw new IllegalArgumentException("--engine memo redirects by its meta-data: it has no --no-redirect");
        }
        Path store = SlowRun.metadataFile(request, profile);
        KernelMetadata known = Files.exists(store) ? MetadataFile.read(store) : new KernelMetadata(profile.banner());
        try (FallbackReplays replays = new FallbackReplays(request, profile, progress, known.records().size())) {
            SlowRunOutcome run = SlowRun.memoized(request, profile, progress, known, replays);
            return new MemoRunOutcome(run, replays.fallbacks(), replays.learned());
        }
    }
}
