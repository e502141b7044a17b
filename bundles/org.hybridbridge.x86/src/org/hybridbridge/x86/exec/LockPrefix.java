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
        return new Permitted(semantic);
    }

    /** @return {@code semantic}, raising #UD first when LOCK is used at all */
    static Semantic forbidden(Semantic semantic) {
        return new Forbidden(semantic);
    }

    /** LOCK allowed with a memory destination; specialized to {@code semantic} wherever the prefix is not misused. */
    private record Permitted(Semantic semantic) implements Semantic {
        @Override
        public void execute(Instruction instruction, Execution execution) throws CpuException {
            if (misused(instruction)) {
                throw CpuException.invalidOpcode("lock " + instruction.mnemonic() + " without a memory destination");
            }
            semantic.execute(instruction, execution);
        }

        @Override
        public Semantic specializedFor(Instruction instruction) {
            return misused(instruction) ? this : semantic.specializedFor(instruction);
        }

        private static boolean misused(Instruction instruction) {
            return instruction.prefixes().lock() && !(instruction.operands().get(0) instanceof MemoryOperand);
        }
    }

    /** LOCK not allowed; specialized to {@code semantic} for every instruction without the prefix. */
    private record Forbidden(Semantic semantic) implements Semantic {
        @Override
        public void execute(Instruction instruction, Execution execution) throws CpuException {
            rejectLock(instruction);
            semantic.execute(instruction, execution);
        }

        @Override
        public Semantic specializedFor(Instruction instruction) {
            return instruction.prefixes().lock() ? this : semantic.specializedFor(instruction);
        }
    }

    /** Raises #UD if {@code instruction} carries a LOCK prefix. */
    static void rejectLock(Instruction instruction) throws CpuException {
        if (instruction.prefixes().lock()) {
            throw CpuException.invalidOpcode("lock " + instruction.mnemonic() + " is not lockable");
        }
    }
}
