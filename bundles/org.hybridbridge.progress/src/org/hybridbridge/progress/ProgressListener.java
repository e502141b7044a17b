package org.hybridbridge.progress;

import java.util.function.BooleanSupplier;

/**
 * How long-running work (a guest boot, a Slow-Bridge run, a bench) reports progress and learns
 * that it was cancelled, without depending on Eclipse: the workbench adapts it to an
 * {@code IProgressMonitor} inside a Job, the CLI to a progress line. Work that cannot stop
 * midway checks {@link #isCancelled} between steps; the engine's loop every couple of seconds.
 */
public interface ProgressListener {

    /** A listener that reports nothing and is never cancelled. */
    ProgressListener NONE = silent(() -> false);

    /** @return a listener that reports nothing and is cancelled when {@code cancelled} says so */
    static ProgressListener silent(BooleanSupplier cancelled) {
        return new ProgressListener() {
            @Override
            public void beginTask(String name, int totalWork) {
            }

            @Override
            public void subTask(String name) {
            }

            @Override
            public void worked(int work) {
            }

            @Override
            public boolean isCancelled() {
                return cancelled.getAsBoolean();
            }
        };
    }

    /** Starts the work: {@code totalWork} units are to be reported through {@link #worked}. */
    void beginTask(String name, int totalWork);

    /** Names the step now under way. */
    void subTask(String name);

    /** Reports {@code work} more units done. */
    void worked(int work);

    /** Whether the user asked to stop; long work checks it between steps. */
    boolean isCancelled();

    /** One step of {@link #beginTask}'s count starts now, the previous one done: names it and counts one unit. */
    default void step(String description) {
        subTask(description);
        worked(1);
    }
}
