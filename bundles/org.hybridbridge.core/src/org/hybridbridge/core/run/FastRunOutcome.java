package org.hybridbridge.core.run;

import org.hybridbridge.fast.FastRunResult;

/**
 * A finished Fast-Bridge run.
 *
 * @param result    what the run produced
 * @param svmSha256 the SVM snapshot's memory hash, verified before and after the run
 */
public record FastRunOutcome(FastRunResult result, String svmSha256) {
}
