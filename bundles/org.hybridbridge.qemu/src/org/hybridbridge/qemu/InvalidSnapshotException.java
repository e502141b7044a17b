package org.hybridbridge.qemu;

/**
 * The input is not a usable snapshot: not a {@code .hbsnap} or QEMU core, truncated, damaged
 * (its memory does not match its hash), or of another kernel build. Bad input, not a failure of
 * the machine: the command line reports it with exit status 2, and nothing has been written.
 */
public final class InvalidSnapshotException extends GuestException {

    private static final long serialVersionUID = 1L;

    public InvalidSnapshotException(String message) {
        super(message);
    }

    public InvalidSnapshotException(String message, Throwable cause) {
        super(message, cause);
    }
}
