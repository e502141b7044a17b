package org.hybridbridge.qemu;

/**
 * A guest could not be built, booted or driven. The message is one line that says what failed
 * and, where there is one, what to do about it.
 */
public class GuestException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public GuestException(String message) {
        super(message);
    }

    public GuestException(String message, Throwable cause) {
        super(message, cause);
    }
}
