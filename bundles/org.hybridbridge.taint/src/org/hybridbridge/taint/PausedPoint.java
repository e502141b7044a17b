package org.hybridbridge.taint;

/**
 * Where a run on the software fast path paused at an instruction without meta-data, for Slow-Bridge
 * to replay to (DESIGN.md 3.4 "fallback"): both engines run the same instructions from the same
 * run-start snapshot, so the replay must meet this very instruction as its {@code
 * kernelInstructions}-th kernel instruction, in the same system call. Anything else is a
 * divergence, an error naming both states.
 *
 * @param syscallOrdinal     which of the utility's system calls (0 the first, every call counted)
 * @param syscall            that system call's name
 * @param kernelInstructions the kernel instructions the run had begun, this one included
 * @param address            the instruction's address
 * @param symbol             its kernel function and offset
 */
public record PausedPoint(int syscallOrdinal, String syscall, long kernelInstructions, long address, String symbol) {

    /** @return the point in words, for progress and errors */
    public String describe() {
        return String.format("%#x <%s> in system call #%d (%s), kernel instruction %,d", address, symbol,
                syscallOrdinal, syscall, kernelInstructions);
    }
}
