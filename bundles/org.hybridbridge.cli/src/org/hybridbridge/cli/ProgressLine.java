package org.hybridbridge.cli;

import java.io.PrintWriter;

import org.hybridbridge.progress.ProgressListener;

/**
 * Progress of long work as lines on standard error ("[1/3] Measuring ..."), so stdout stays
 * data.
 */
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
        print(name);
    }

    @Override
    public void worked(int work) {
        done += work;
    }

    private void print(String what) {
        err.printf("[%d/%d] %s%n", Math.min(done + 1, total), total, what);
        err.flush();
    }

    @Override
    public boolean isCancelled() {
        return false; // Ctrl-C ends the JVM; shutdown hooks release what the work holds.
    }
}
