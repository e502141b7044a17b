package org.hybridbridge.core.progress;

import java.util.function.BooleanSupplier;

/**
 * How long-running engine work reports progress and learns that it was cancelled, without
 * depending on Eclipse: the workbench adapts it to an {@code IProgressMonitor} inside a Job,
 * the CLI to a progress line.
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
}
