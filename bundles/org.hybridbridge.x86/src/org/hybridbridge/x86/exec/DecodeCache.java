package org.hybridbridge.x86.exec;

/**
 * Decoded instructions by the physical address of their first byte, direct-mapped: the
 * address's low bits pick the one slot an instruction can be in, so a lookup allocates nothing.
 * A hit is used only if the instruction sits at the same linear address and its bytes are still
 * those in memory ({@link DecodedInstruction#stillIn}), so code written since (self-modifying
 * code, a module loaded, Slow-Bridge patching memory, KVM running the same guest natively) is
 * decoded again without any write having to be watched.
 */
final class DecodeCache {

    /** Slots: a power of two; 256 KiB of contiguous code fits without two instructions sharing one. */
    private static final int SLOTS = 1 << 18;

    private final DecodedInstruction[] slots = new DecodedInstruction[SLOTS];

    /**
     * @param physical the physical address of the first byte
     * @param linear   the RIP it is fetched at
     * @param memory   the memory it is fetched from
     * @return the cached instruction, or {@code null}
     */
    DecodedInstruction lookup(long physical, long linear, PhysicalMemory memory) {
        DecodedInstruction cached = slots[slot(physical)];
        return cached != null && cached.physical() == physical && cached.instruction().address() == linear
                && cached.stillIn(memory) ? cached : null;
    }

    /** Caches an instruction that lies within one page. */
    void put(DecodedInstruction decoded) {
        slots[slot(decoded.physical())] = decoded;
    }

    private static int slot(long physical) {
        return (int) physical & (SLOTS - 1);
    }
}
