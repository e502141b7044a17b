package org.hybridbridge.x86.exec;

import org.hybridbridge.x86.Instruction;

/** Watches (and may take over) the instructions a {@link Machine} executes. */
public interface ExecutionObserver {

    /**
     * Called after fetch and decode, with RIP still at the instruction.
     *
     * @return {@code true} to execute it; {@code false} if the observer handled it itself
     *         (it has set RIP and whatever state the instruction changes)
     */
    default boolean beforeExecute(Instruction instruction, Machine machine) {
        return true;
    }

    /** Called after the instruction completed without an exception. */
    default void afterExecute(Instruction instruction, Machine machine) {
    }

    /**
     * Called before an exception is delivered through the IDT.
     *
     * @param instruction the instruction that raised it, or {@code null} if fetching it faulted
     */
    default void exceptionRaised(Instruction instruction, CpuException exception, Machine machine) {
    }
}
