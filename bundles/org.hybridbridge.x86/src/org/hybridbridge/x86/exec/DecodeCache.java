package org.hybridbridge.x86.exec;

/**
 * Decoded instructions by the physical address of their first byte: a slot per byte of each code
 * page, pages found through a {@link PageDirectory} (and the page fetched from last remembered, as
 * most fetches follow one another in a page), so a lookup allocates nothing and two hot
 * instructions never evict each other (a direct-mapped array by the address's low bits did, kernel
 * text being larger than it, and every eviction cost a decode). A hit is used only if the
 * instruction sits at the same linear address and its bytes are still those in memory
 * ({@link DecodedInstruction#stillIn}), so code written since (self-modifying code, a module
 * loaded, Slow-Bridge patching memory, KVM running the same guest natively) is decoded again
 * without any write having to be watched.
 */
final class DecodeCache {

    private static final int PAGE_SHIFT = 12;
    private static final int OFFSET_MASK = (1 << PAGE_SHIFT) - 1;

    private final PageDirectory<DecodedInstruction[]> pages = new PageDirectory<>(
            Mmu.PHYSICAL_ADDRESS_BITS - PAGE_SHIFT);
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
        DecodedInstruction[] page = page(pageNumber);
        if (page == null) {
            page = new DecodedInstruction[OFFSET_MASK + 1];
            pages.put(pageNumber, page);
            lastPageNumber = pageNumber;
            lastPage = page;
        }
        page[(int) decoded.physical() & OFFSET_MASK] = decoded;
    }

    private DecodedInstruction[] page(long pageNumber) {
        if (pageNumber != lastPageNumber) {
            DecodedInstruction[] page = pages.get(pageNumber);
            if (page == null) {
                return null;
            }
            lastPageNumber = pageNumber;
            lastPage = page;
        }
        return lastPage;
    }
}
