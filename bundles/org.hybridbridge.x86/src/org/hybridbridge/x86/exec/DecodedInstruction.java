package org.hybridbridge.x86.exec;

import org.hybridbridge.x86.Instruction;

/**
 * An instruction as the engine keeps it between executions: decoded once, its semantic resolved
 * once, and a fingerprint of its bytes, so whether memory still holds them is one or two reads and
 * compares, not a copy and a byte compare (where no write generation tells: in
 * {@link SharedDecodes}, which serves machines over other memories, and over memory that does not
 * count its writes). An instruction of up to 8 bytes is read as the
 * power-of-two word that covers it (when that stays in its page) and compared under a mask: one
 * read for most instructions; a longer one as two overlapping words, the largest power-of-two size
 * not above its length, from each end.
 *
 * @param physical    the physical address of its first byte
 * @param instruction the instruction
 * @param semantic    what it does, in every machine of its {@link InstructionSet}; {@code null} if
 *                    the engine has no semantic for it (the error comes when it would execute, as
 *                    the run reaches it)
 * @param wordSize    the size of each word read: a power of two
 * @param mask        the bits of the one word that are the instruction's, or 0 when it is read as two
 * @param head        the first word (masked)
 * @param tail        the word at the end, when it is read as two
 */
record DecodedInstruction(long physical, Instruction instruction, Semantic semantic, int wordSize, long mask,
        long head, long tail) {

    private static final int PAGE_SIZE = 4096;

    static DecodedInstruction of(long physical, Instruction instruction, Semantic semantic) {
        byte[] bytes = instruction.bytes();
        int covering = Integer.highestOneBit(2 * bytes.length - 1); // the power of two not below the length
        if (covering <= Long.BYTES && (physical & (PAGE_SIZE - 1)) + covering <= PAGE_SIZE) {
            long mask = bytes.length == Long.BYTES ? -1L : (1L << (8 * bytes.length)) - 1;
            return new DecodedInstruction(physical, instruction, semantic, covering, mask,
                    word(bytes, 0, bytes.length), 0);
        }
        int wordSize = Integer.highestOneBit(bytes.length);
        return new DecodedInstruction(physical, instruction, semantic, wordSize, 0, word(bytes, 0, wordSize),
                word(bytes, bytes.length - wordSize, wordSize));
    }

    /** @return whether {@code memory} holds the instruction's bytes at {@link #physical} (within one page) */
    boolean stillIn(PhysicalMemory memory) {
        if (mask != 0) {
            return (memory.read(physical, wordSize) & mask) == head;
        }
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
