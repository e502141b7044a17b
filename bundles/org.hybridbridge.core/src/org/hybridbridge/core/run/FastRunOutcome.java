package org.hybridbridge.core.run;

import org.hybridbridge.fast.FastRunResult;

/**
 * A finished Fast-Bridge run.
 *
 * @param result    what the run produced
 * @param svmSha256 the SVM snapshot's memory hash, verified before the run (its file is opened read-only)
 */
public record FastRunOutcome(FastRunResult result, String svmSha256) {
}
