package org.hybridbridge.x86.exec;

import org.hybridbridge.x86.Instruction;

/** What one instruction does to the machine. */
@FunctionalInterface
public interface Semantic {

    /**
     * Executes {@code instruction}. On entry RIP is already the address of the next
     * instruction (branches overwrite it); on a {@link CpuException} the {@link Machine} puts
     * RIP back for faults and delivers the exception.
     */
    void execute(Instruction instruction, Execution execution) throws CpuException;

    /**
     * @return what to execute {@code instruction} with, resolved once per decoded instruction: this
     *         semantic, or one that leaves out a check whose outcome the instruction's encoding
     *         already settles (a LOCK prefix allowed or not: {@link LockPrefix}), so that check is
     *         not made again at every execution
     */
    default Semantic specializedFor(Instruction instruction) {
        return this;
    }
}
