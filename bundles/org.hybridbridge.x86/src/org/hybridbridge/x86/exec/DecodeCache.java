package org.hybridbridge.x86.exec;

import java.util.Arrays;

/**
 * Decoded instructions by the physical address of their first byte: a slot per byte of each code
 * page, pages found in a two-level table by page number (two indexes, no hashing; and the page
 * fetched from last remembered, as most fetches follow one another in a page), so a lookup
 * allocates nothing and two hot instructions never evict each other (a direct-mapped array by the
 * address's low bits did, kernel text being larger than it, and every eviction cost a decode). A
 * hit is used only if the instruction sits at the same linear address and its page was not written
 * since it was decoded: the page remembers the memory's {@link PhysicalMemory#writeGeneration} and
 * drops all its instructions when that moved (self-modifying code, a module loaded, Slow-Bridge
 * patching memory), so a hit reads no code bytes. Over memory that does not count its writes (KVM
 * runs the same guest natively), each hit compares its bytes with memory instead
 * ({@link DecodedInstruction#stillIn}).
 */
final class DecodeCache {

    private static final int PAGE_SHIFT = 12;
    private static final int OFFSET_MASK = (1 << PAGE_SHIFT) - 1;
    /** The MMU's physical addresses have at most this many bits of page number. */
    private static final int PAGE_NUMBER_BITS = Mmu.PHYSICAL_ADDRESS_BITS - PAGE_SHIFT;
    private static final int LOW_BITS = PAGE_NUMBER_BITS / 2;
    private static final int LOW_MASK = (1 << LOW_BITS) - 1;

    /** The instructions decoded from one page, and the page's write generation they were decoded at. */
    private static final class CodePage {
        final DecodedInstruction[] slots = new DecodedInstruction[OFFSET_MASK + 1];
        long generation;

        CodePage(long generation) {
            this.generation = generation;
        }

        /** Forgets every instruction if the page's generation is no longer theirs. */
        void catchUp(long current) {
            if (current != generation) {
                Arrays.fill(slots, null);
                generation = current;
            }
        }
    }

    private final PhysicalMemory memory;
    /** Code pages by page number: the high bits pick a table, the low bits the page in it. */
    private final CodePage[][] tables = new CodePage[1 << (PAGE_NUMBER_BITS - LOW_BITS)][];
    private long lastPageNumber = -1;
    private CodePage lastPage;

    /** @param memory the memory every instruction is fetched from */
    DecodeCache(PhysicalMemory memory) {
        this.memory = memory;
    }

    /**
     * @param physical the physical address of the first byte
     * @param linear   the RIP it is fetched at
     * @return the cached instruction, or {@code null}
     */
    DecodedInstruction lookup(long physical, long linear) {
        long pageNumber = physical >>> PAGE_SHIFT;
        CodePage page = page(pageNumber);
        if (page == null) {
            return null;
        }
        page.catchUp(memory.writeGeneration(pageNumber));
        DecodedInstruction cached = page.slots[(int) physical & OFFSET_MASK];
        return cached != null && cached.instruction().address() == linear
                && (page.generation != PhysicalMemory.UNCOUNTED || cached.stillIn(memory)) ? cached : null;
    }

    /**
     * Caches an instruction that lies within one page, whose bytes memory holds now (the page's
     * generation is read here).
     */
    void put(DecodedInstruction decoded) {
        long pageNumber = decoded.physical() >>> PAGE_SHIFT;
        if (pageNumber >>> PAGE_NUMBER_BITS != 0) {
            return; // beyond the MMU's physical addresses: never fetched from
        }
        long generation = memory.writeGeneration(pageNumber);
        CodePage page = page(pageNumber);
        if (page == null) {
            CodePage[] table = tables[(int) (pageNumber >>> LOW_BITS)];
            if (table == null) {
                table = new CodePage[LOW_MASK + 1];
                tables[(int) (pageNumber >>> LOW_BITS)] = table;
            }
            page = new CodePage(generation);
            table[(int) pageNumber & LOW_MASK] = page;
            lastPageNumber = pageNumber;
            lastPage = page;
        } else {
            page.catchUp(generation);
        }
        page.slots[(int) decoded.physical() & OFFSET_MASK] = decoded;
    }

    private CodePage page(long pageNumber) {
        if (pageNumber != lastPageNumber) {
            if (pageNumber >>> PAGE_NUMBER_BITS != 0) {
                return null;
            }
            CodePage[] table = tables[(int) (pageNumber >>> LOW_BITS)];
            CodePage page = table == null ? null : table[(int) pageNumber & LOW_MASK];
            if (page == null) {
                return null;
            }
            lastPageNumber = pageNumber;
            lastPage = page;
        }
        return lastPage;
    }
}
