package org.hybridbridge.x86.exec;

/**
 * Decoded instructions that begin near the end of a page and run on into the next, which the
 * {@link DecodeCache} does not hold (it checks a page's write generation, and these depend on two
 * pages): one per page end, direct-mapped by the page number of their first byte, shared as
 * {@link SharedDecodes} are (each hit is checked against the memory it runs in). Without them
 * every execution of such an instruction decoded it twice, the first attempt cut off at the page's
 * end with an exception (~5% of the bytes warm ps allocated); kept per machine in 64 slots picked
 * by the address's low bits (which for these are nearly always 0x31-0x3F), each run still decoded
 * ~1,000. A hit is checked against the bytes the fetch reads, as the processor reads them: the
 * first page's first, and only if those are the same instruction's, the next page's through the
 * MMU (so it faults where the processor would).
 */
final class CrossingInstructions {

    /** Slots: a power of two above the few hundred page ends a warm ps runs across. */
    private static final int SLOT_BITS = 12;

    private final DecodedInstruction[] slots = new DecodedInstruction[1 << SLOT_BITS];

    /**
     * @return the instruction decoded at {@code physical} and {@code linear} whose first
     *         {@code available} bytes are {@code firstPage}'s, or {@code null}
     */
    DecodedInstruction lookup(long physical, long linear, byte[] firstPage, int available) {
        DecodedInstruction cached = slots[slot(physical)];
        return cached != null && cached.physical() == physical && cached.instruction().address() == linear
                && cached.instruction().length() > available && cached.instruction().bytesMatch(firstPage, available)
                        ? cached
                        : null;
    }

    void put(DecodedInstruction decoded) {
        slots[slot(decoded.physical())] = decoded;
    }

    /** Fibonacci hashing of the page number, as in {@link SharedDecodes}. */
    private static int slot(long physical) {
        return (int) (((physical >>> 12) * 0x9E37_79B9_7F4A_7C15L) >>> (Long.SIZE - SLOT_BITS));
    }
}
