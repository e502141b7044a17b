package org.hybridbridge.core.run;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
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

    /**
     * A warm benchmark's order: {@code warmUp} for every utility, all before any is measured (the
     * JIT compiles the engine once, not for the first utility measured), then {@code measure} for
     * each; a utility whose warm-up stopped is not measured again.
     *
     * @return each utility's attempt, in order
     */
    static <T> List<Attempt<T>> warmThenMeasure(List<String> utilities, Consumer<String> warmUp,
            Function<String, T> measure) {
        Map<String, String> failures = new LinkedHashMap<>();
        for (String utility : utilities) {
            Attempt<Boolean> warm = of(() -> {
                warmUp.accept(utility);
                return true;
            });
            if (warm.failure() != null) {
                failures.put(utility, warm.failure());
            }
        }
        return utilities.stream().map(utility -> failures.containsKey(utility)
                ? new Attempt<T>(null, failures.get(utility))
                : of(() -> measure.apply(utility))).toList();
    }

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
