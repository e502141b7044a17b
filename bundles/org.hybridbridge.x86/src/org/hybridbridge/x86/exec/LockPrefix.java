package org.hybridbridge.x86.exec;

import org.hybridbridge.x86.Instruction;
import org.hybridbridge.x86.MemoryOperand;

/**
 * Where a LOCK prefix is allowed: only on the read-modify-write instructions the SDM lists, and
 * only with a memory destination; anywhere else it raises #UD. The engine runs one processor, so
 * a permitted LOCK needs nothing more.
 */
final class LockPrefix {

    private LockPrefix() {
    }

    /** @return {@code semantic}, raising #UD first when LOCK is used with a register destination */
    static Semantic permitted(Semantic semantic) {
        return (instruction, execution) -> {
            if (instruction.prefixes().lock() && !(instruction.operands().get(0) instanceof MemoryOperand)) {
                throw CpuException.invalidOpcode("lock " + instruction.mnemonic() + " without a memory destination");
            }
            semantic.execute(instruction, execution);
        };
    }

    /** @return {@code semantic}, raising #UD first when LOCK is used at all */
    static Semantic forbidden(Semantic semantic) {
        return (instruction, execution) -> {
            rejectLock(instruction);
            semantic.execute(instruction, execution);
        };
    }

    /** Raises #UD if {@code instruction} carries a LOCK prefix. */
    static void rejectLock(Instruction instruction) throws CpuException {
        if (instruction.prefixes().lock()) {
            throw CpuException.invalidOpcode("lock " + instruction.mnemonic() + " is not lockable");
        }
    }
}
