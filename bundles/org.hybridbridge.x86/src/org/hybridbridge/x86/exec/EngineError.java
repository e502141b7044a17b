package org.hybridbridge.x86.exec;

/**
 * Stops a run: something the engine does not or cannot emulate (an instruction without
 * semantics, undecodable bytes, a triple fault, {@code hlt} with no interrupt to wake it).
 * The message is one line naming what and where.
 */
public final class EngineError extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public EngineError(String message) {
        super(message);
    }

    public EngineError(String message, Throwable cause) {
        super(message, cause);
    }
}
