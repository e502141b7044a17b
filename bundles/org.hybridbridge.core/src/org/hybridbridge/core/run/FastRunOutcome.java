package org.hybridbridge.core.run;

import org.hybridbridge.fast.FastRunResult;

/**
 * A finished Fast-Bridge run.
 *
 * @param result    what the run produced
 * @param svmSha256 the SVM snapshot's memory hash, verified before the run (its file is opened read-only)
 * @param learned   the records its fallbacks added to the meta-data store
 */
public record FastRunOutcome(FastRunResult result, String svmSha256, int learned) {
}
