package org.hybridbridge.x86.exec;

/**
 * Decoded instructions that begin near the end of a page and run on into the next, which the
 * {@link DecodeCache} does not hold (it checks a page's write generation, and these depend on two
 * pages): a few, direct-mapped by the physical address of their first byte. Without them every
 * execution of such an instruction decoded it twice, the first attempt cut off at the page's end
 * with an exception (~5% of the bytes warm ps allocated). A hit is checked against the bytes the
 * fetch reads, as the processor reads them: the first page's first, and only if those are the
 * same instruction's, the next page's through the MMU (so it faults where the processor would).
 */
final class CrossingInstructions {

    /** A power of two; kernel and libc code have a few dozen hot ones. */
    private static final int SLOTS = 64;

    private final DecodedInstruction[] slots = new DecodedInstruction[SLOTS];

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

    private static int slot(long physical) {
        return (int) physical & (SLOTS - 1);
    }
}
