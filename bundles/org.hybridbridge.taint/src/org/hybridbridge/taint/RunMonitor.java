package org.hybridbridge.taint;

/**
 * Progress and cancellation of a Slow-Bridge run, asked every {@link SlowBridge#PROGRESS_INTERVAL}
 * instructions (cheap enough for the interpreter's loop; the workbench adapts it to a Job's
 * monitor, the CLI to a progress line).
 */
public interface RunMonitor {

    RunMonitor NONE = new RunMonitor() {
    };

    /**
     * @param instructions how many instructions ran so far
     * @param syscall      the system call under way (e.g. {@code execve}), or {@code null} in user mode
     */
    default void progress(long instructions, String syscall) {
    }

    /** @return whether to stop: the run then ends with a {@link java.util.concurrent.CancellationException} */
    default boolean isCancelled() {
        return false;
    }
}
