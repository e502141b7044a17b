package org.hybridbridge.x86.exec;

import org.hybridbridge.x86.Instruction;

/**
 * An instruction as the engine keeps it between executions: decoded once, its semantic resolved
 * once, and its bytes as two overlapping little-endian words (the largest power-of-two size not
 * above its length, from each end), so whether memory still holds them is two reads and two
 * compares, not a copy and a byte compare.
 *
 * @param physical    the physical address of its first byte
 * @param instruction the instruction
 * @param semantic    what it does; {@code null} if the engine has no semantic for it (the error
 *                    comes when it would execute, as the run reaches it), and in {@link SharedDecodes},
 *                    where semantics, which belong to one machine, are not kept
 */
record DecodedInstruction(long physical, Instruction instruction, Semantic semantic, int wordSize, long head,
        long tail) {

    static DecodedInstruction of(long physical, Instruction instruction, Semantic semantic) {
        byte[] bytes = instruction.bytes();
        int wordSize = Integer.highestOneBit(bytes.length);
        return new DecodedInstruction(physical, instruction, semantic, wordSize, word(bytes, 0, wordSize),
                word(bytes, bytes.length - wordSize, wordSize));
    }

    /** @return the same instruction with {@code semantic} (a machine's own), fingerprint and all */
    DecodedInstruction withSemantic(Semantic semantic) {
        return new DecodedInstruction(physical, instruction, semantic, wordSize, head, tail);
    }

    /** @return whether {@code memory} holds the instruction's bytes at {@link #physical} (within one page) */
    boolean stillIn(PhysicalMemory memory) {
        return memory.read(physical, wordSize) == head
                && memory.read(physical + instruction.length() - wordSize, wordSize) == tail;
    }

    private static long word(byte[] bytes, int offset, int size) {
        long value = 0;
        for (int i = size - 1; i >= 0; i--) {
            value = (value << 8) | (bytes[offset + i] & 0xFF);
        }
        return value;
    }
}
