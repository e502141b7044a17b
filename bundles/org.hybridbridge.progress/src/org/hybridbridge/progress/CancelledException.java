package org.hybridbridge.progress;

/** Thrown when work stops because its {@link ProgressListener} was cancelled. */
public final class CancelledException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public CancelledException(String what) {
        super(what + " was cancelled");
    }
}
