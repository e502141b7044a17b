package org.hybridbridge.core.run;

/**
 * A finished run on the software fast path ({@code --engine memo}).
 *
 * @param run       the memoized run that reached the utility's exit
 * @param fallbacks how many times an instruction without meta-data sent the run back to Slow-Bridge
 * @param learned   how many records those Slow-Bridge runs added to the meta-data store
 */
public record MemoRunOutcome(SlowRunOutcome run, int fallbacks, int learned) {
}
