package org.hybridbridge.cli;

import java.io.PrintWriter;

import org.hybridbridge.core.progress.ProgressListener;

/** Progress of long work as lines on standard error ("[1/3] Measuring ..."), so stdout stays data. */
final class ProgressLine implements ProgressListener {

    private final PrintWriter err;
    private int total;
    private int done;

    ProgressLine(PrintWriter err) {
        this.err = err;
    }

    @Override
    public void beginTask(String name, int totalWork) {
        total = totalWork;
        done = 0;
    }

    @Override
    public void subTask(String name) {
        err.printf("[%d/%d] %s%n", done + 1, total, name);
        err.flush();
    }

    @Override
    public void worked(int work) {
        done += work;
    }

    @Override
    public boolean isCancelled() {
        return false; // Ctrl-C ends the JVM; shutdown hooks release what the work holds.
    }
}
