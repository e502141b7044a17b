package org.hybridbridge.taint;

import org.hybridbridge.taint.metadata.KernelMetadata;

/**
 * What the software fast path does at an instruction without meta-data (DESIGN.md 3.4): the run
 * stays paused while Slow-Bridge replays from the run-start snapshot to the {@link PausedPoint}
 * and learns on to the end of that system call; then the run resumes with what was learned.
 */
@FunctionalInterface
public interface Fallback {

    /** @return the meta-data store with what the replay learned merged in */
    KernelMetadata learn(PausedPoint point);
}
