package org.hybridbridge.x86.exec;

import java.util.Arrays;

import org.hybridbridge.x86.Instruction;

/**
 * Decoded instructions by the physical address of their first byte, each code page flat: which
 * instruction starts at each of its offsets (a {@code short} per byte), and the instructions'
 * linear addresses, {@link Instruction}s and {@link Semantic}s in arrays of their own, in the order
 * the machine first ran them. A hit reads those arrays and no object of the decoded instruction:
 * straight-line code finds its next instruction's entry a few bytes on in the same arrays, where
 * chasing one {@link DecodedInstruction} object per instruction, laid out as the collector left
 * the shared decodes, was a cache miss per step (a third of the time of a fetch). Pages are found in
 * a two-level table by page number (two indexes, no hashing; and the page fetched from last
 * remembered, as most fetches follow one another in a page), so a lookup allocates nothing and two
 * hot instructions never evict each other. A hit is used only if the instruction sits at the same
 * linear address and its page was not written since it was decoded: the page remembers the
 * memory's {@link PhysicalMemory#writeGeneration} and drops all its instructions when that moved
 * (self-modifying code, a module loaded, Slow-Bridge patching memory), so a hit reads no code bytes.
 * Over memory that does not count its writes (KVM runs the same guest natively), each hit compares
 * its bytes with memory instead ({@link DecodedInstruction#stillIn}).
 */
final class DecodeCache {

    private static final int PAGE_SHIFT = 12;
    private static final int OFFSET_MASK = (1 << PAGE_SHIFT) - 1;
    /** The MMU's physical addresses have at most this many bits of page number. */
    private static final int PAGE_NUMBER_BITS = Mmu.PHYSICAL_ADDRESS_BITS - PAGE_SHIFT;
    private static final int LOW_BITS = PAGE_NUMBER_BITS / 2;
    private static final int LOW_MASK = (1 << LOW_BITS) - 1;
    /** Entries a page starts with: a hot kernel page runs a few dozen to a few hundred instructions. */
    private static final int FIRST_CAPACITY = 32;

    /** The instructions decoded from one page, and the page's write generation they were decoded at. */
    private static final class CodePage {
        /** At each offset, 1 + the entry of the instruction starting there, or 0. */
        final short[] entryAt = new short[OFFSET_MASK + 1];
        long[] linear = new long[FIRST_CAPACITY];
        Instruction[] instructions = new Instruction[FIRST_CAPACITY];
        Semantic[] semantics = new Semantic[FIRST_CAPACITY];
        /** For the byte compare over memory that does not count its writes. */
        DecodedInstruction[] decodes = new DecodedInstruction[FIRST_CAPACITY];
        int count;
        long generation;

        CodePage(long generation) {
            this.generation = generation;
        }

        /** Forgets every instruction if the page's generation is no longer theirs. */
        void catchUp(long current) {
            if (current != generation) {
                Arrays.fill(entryAt, (short) 0);
                Arrays.fill(instructions, 0, count, null);
                Arrays.fill(semantics, 0, count, null);
                Arrays.fill(decodes, 0, count, null);
                count = 0;
                generation = current;
            }
        }

        void put(int offset, DecodedInstruction decoded) {
            int entry = entryAt[offset] - 1;
            if (entry < 0) {
                if (count == linear.length) {
                    grow();
                }
                entry = count++;
                entryAt[offset] = (short) (entry + 1);
            }
            linear[entry] = decoded.instruction().address();
            instructions[entry] = decoded.instruction();
            semantics[entry] = decoded.semantic();
            decodes[entry] = decoded;
        }

        private void grow() {
            int capacity = 2 * linear.length;
            linear = Arrays.copyOf(linear, capacity);
            instructions = Arrays.copyOf(instructions, capacity);
            semantics = Arrays.copyOf(semantics, capacity);
            decodes = Arrays.copyOf(decodes, capacity);
        }
    }

    private final PhysicalMemory memory;
    /** Code pages by page number: the high bits pick a table, the low bits the page in it. */
    private final CodePage[][] tables = new CodePage[1 << (PAGE_NUMBER_BITS - LOW_BITS)][];
    private long lastPageNumber = -1;
    private CodePage lastPage;
    /** The hit of the last {@link #lookup}: its page and entry. */
    private CodePage hitPage;
    private int hitEntry;

    /** @param memory the memory every instruction is fetched from */
    DecodeCache(PhysicalMemory memory) {
        this.memory = memory;
    }

    /**
     * @param physical the physical address of the first byte
     * @param linear   the RIP it is fetched at
     * @return whether the instruction is cached; if so, {@link #instruction()} and {@link #semantic()}
     *         are it
     */
    boolean lookup(long physical, long linear) {
        long pageNumber = physical >>> PAGE_SHIFT;
        CodePage page = page(pageNumber);
        if (page == null) {
            return false;
        }
        page.catchUp(memory.writeGeneration(pageNumber));
        int entry = page.entryAt[(int) physical & OFFSET_MASK] - 1;
        if (entry < 0 || page.linear[entry] != linear
                || page.generation == PhysicalMemory.UNCOUNTED && !page.decodes[entry].stillIn(memory)) {
            return false;
        }
        hitPage = page;
        hitEntry = entry;
        return true;
    }

    /** @return the instruction the last {@link #lookup} found */
    Instruction instruction() {
        return hitPage.instructions[hitEntry];
    }

    /** @return its semantic */
    Semantic semantic() {
        return hitPage.semantics[hitEntry];
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
        page.put((int) decoded.physical() & OFFSET_MASK, decoded);
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
