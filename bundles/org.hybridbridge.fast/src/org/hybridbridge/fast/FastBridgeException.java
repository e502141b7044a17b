package org.hybridbridge.fast;

/**
 * Fast-Bridge cannot go on: an exit it does not handle (the message names the instruction, its
 * symbol and the exit), a budget that ran out, or a kernel it cannot deprivilege.
 */
public final class FastBridgeException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public FastBridgeException(String message) {
        super(message);
    }

    public FastBridgeException(String message, Throwable cause) {
        super(message, cause);
    }
}
