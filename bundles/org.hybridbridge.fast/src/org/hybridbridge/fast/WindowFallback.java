package org.hybridbridge.fast;

import org.hybridbridge.taint.WindowPoint;
import org.hybridbridge.taint.metadata.KernelMetadata;

/**
 * What a redirected run does at an instruction without meta-data (DESIGN.md 3.4): it stays paused
 * while Slow-Bridge replays from the run-start snapshot to the {@link WindowPoint} and learns on to
 * the end of that system call; then the code copies are built again and the run resumes.
 */
@FunctionalInterface
public interface WindowFallback {

    /** @return the meta-data store with what the replay learned merged in */
    KernelMetadata learn(WindowPoint point);
}
