package org.hybridbridge.qemu;

/**
 * How guest work (building images, booting) reports its steps and learns that it was cancelled,
 * without depending on Eclipse or on the core bundle: callers adapt it to their own monitor.
 */
public interface GuestProgress {

    /** Reports nothing and is never cancelled. */
    GuestProgress NONE = new GuestProgress() {
        @Override
        public void beginTask(String name, int totalSteps) {
        }

        @Override
        public void step(String description) {
        }

        @Override
        public boolean isCancelled() {
            return false;
        }
    };

    /** Starts the work: {@link #step} will be called {@code totalSteps} times. */
    void beginTask(String name, int totalSteps);

    /** One step starts now; the previous one is done. */
    void step(String description);

    /** Whether the user asked to stop; checked between steps. */
    boolean isCancelled();
}
