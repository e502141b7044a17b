package org.hybridbridge.core.run;

import java.util.function.Supplier;

import org.hybridbridge.progress.CancelledException;

/**
 * What the work on one utility of a bench gave, or why it stopped: a bench goes on to the next
 * utility and prints a row saying why, unless the user cancelled it.
 *
 * @param value   the work's result; {@code null} when it stopped
 * @param failure {@code stopped: } and the one line that says why; {@code null} when it did not
 */
record Attempt<T>(T value, String failure) {

    /** Runs {@code work}; a cancellation is thrown on, any other stop is the attempt's failure. */
    static <T> Attempt<T> of(Supplier<T> work) {
        try {
            return new Attempt<>(work.get(), null);
        } catch (CancelledException e) {
            throw e;
        } catch (RuntimeException e) {
            return new Attempt<>(null, "stopped: " + e.getMessage());
        }
    }
}
