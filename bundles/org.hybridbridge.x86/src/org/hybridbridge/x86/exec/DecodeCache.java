package org.hybridbridge.x86.exec;

/**
 * Decoded instructions by the physical address of their first byte: a slot per byte of each code
 * page, pages found in a two-level table of typed arrays by page number (two indexes, no hashing,
 * no casts; and the page fetched from last remembered, as most fetches follow one another in a
 * page), so a lookup allocates nothing and two hot instructions never evict each other (a
 * direct-mapped array by the address's low bits did, kernel text being larger than it, and every
 * eviction cost a decode). A hit is used only if the instruction sits at the same linear address
 * and its bytes are still those in memory ({@link DecodedInstruction#stillIn}), so code written
 * since (self-modifying code, a module loaded, Slow-Bridge patching memory, KVM running the same
 * guest natively) is decoded again without any write having to be watched.
 */
final class DecodeCache {

    private static final int PAGE_SHIFT = 12;
    private static final int OFFSET_MASK = (1 << PAGE_SHIFT) - 1;
    /** The MMU's physical addresses have at most this many bits of page number. */
    private static final int PAGE_NUMBER_BITS = Mmu.PHYSICAL_ADDRESS_BITS - PAGE_SHIFT;
    private static final int LOW_BITS = PAGE_NUMBER_BITS / 2;
    private static final int LOW_MASK = (1 << LOW_BITS) - 1;

    /** Code pages by page number: the high bits pick a table, the low bits the page in it. */
    private final DecodedInstruction[][][] tables = new DecodedInstruction[1 << (PAGE_NUMBER_BITS - LOW_BITS)][][];
    private long lastPageNumber = -1;
    private DecodedInstruction[] lastPage;

    /**
     * @param physical the physical address of the first byte
     * @param linear   the RIP it is fetched at
     * @param memory   the memory it is fetched from
     * @return the cached instruction, or {@code null}
     */
    DecodedInstruction lookup(long physical, long linear, PhysicalMemory memory) {
        DecodedInstruction[] page = page(physical >>> PAGE_SHIFT);
        if (page == null) {
            return null;
        }
        DecodedInstruction cached = page[(int) physical & OFFSET_MASK];
        return cached != null && cached.instruction().address() == linear && cached.stillIn(memory) ? cached
                : null;
    }

    /** Caches an instruction that lies within one page. */
    void put(DecodedInstruction decoded) {
        long pageNumber = decoded.physical() >>> PAGE_SHIFT;
        if (pageNumber >>> PAGE_NUMBER_BITS != 0) {
            return; // beyond the MMU's physical addresses: never fetched from
        }
        DecodedInstruction[] page = page(pageNumber);
        if (page == null) {
            DecodedInstruction[][] table = tables[(int) (pageNumber >>> LOW_BITS)];
            if (table == null) {
                table = new DecodedInstruction[LOW_MASK + 1][];
                tables[(int) (pageNumber >>> LOW_BITS)] = table;
            }
            page = new DecodedInstruction[OFFSET_MASK + 1];
            table[(int) pageNumber & LOW_MASK] = page;
            lastPageNumber = pageNumber;
            lastPage = page;
        }
        page[(int) decoded.physical() & OFFSET_MASK] = decoded;
    }

    private DecodedInstruction[] page(long pageNumber) {
        if (pageNumber != lastPageNumber) {
            if (pageNumber >>> PAGE_NUMBER_BITS != 0) {
                return null;
            }
            DecodedInstruction[][] table = tables[(int) (pageNumber >>> LOW_BITS)];
            DecodedInstruction[] page = table == null ? null : table[(int) pageNumber & LOW_MASK];
            if (page == null) {
                return null;
            }
            lastPageNumber = pageNumber;
            lastPage = page;
        }
        return lastPage;
    }
}
