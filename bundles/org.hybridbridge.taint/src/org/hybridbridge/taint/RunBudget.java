package org.hybridbridge.taint;

import java.time.Duration;

/**
 * The limits of one Slow-Bridge run. An untrusted guest can keep the SVM kernel looping (a cyclic
 * kernel list makes {@code /proc/modules} endless): whichever limit is reached first stops the run
 * with an error that names what repeated ({@link LoopSampler}).
 *
 * <p>The defaults are about 20 times what the largest real utility needs (measured with
 * {@code hb bench slow --guest gvm-busy}, README "Budgets"), so no sane guest meets them.
 *
 * @param instructions the most instructions the run may take
 * @param wallTime     the most wall time
 * @param stateBytes   the most bytes of the run's own state: the pages the SVM and GVM overlays
 *                     copied, the taint tracker's shadow pages and the captured output
 */
public record RunBudget(long instructions, Duration wallTime, long stateBytes) {

    public static final long DEFAULT_INSTRUCTIONS = 200_000_000L;
    public static final long DEFAULT_STATE_BYTES = 128L << 20;
    public static final RunBudget DEFAULT = new RunBudget(DEFAULT_INSTRUCTIONS, Duration.ofSeconds(150),
            DEFAULT_STATE_BYTES);

    public RunBudget {
        if (instructions <= 0) {
            throw new IllegalArgumentException("the instruction budget must be positive, not " + instructions);
        }
        if (wallTime.isNegative() || wallTime.isZero()) {
            throw new IllegalArgumentException("the wall-time budget must be positive, not " + wallTime);
        }
        if (stateBytes <= 0) {
            throw new IllegalArgumentException("the state budget must be positive, not " + stateBytes);
        }
    }

    public RunBudget withInstructions(long limit) {
        return new RunBudget(limit, wallTime, stateBytes);
    }

    public RunBudget withWallTime(Duration limit) {
        return new RunBudget(instructions, limit, stateBytes);
    }

    public RunBudget withStateBytes(long limit) {
        return new RunBudget(instructions, wallTime, limit);
    }
}
