package org.hybridbridge.x86.exec;

/**
 * Builds a 4- or 5-level page-table hierarchy in an {@link ArrayPhysicalMemory}, allocating
 * tables from a bump pointer: what a kernel would have set up, written by hand so each test
 * states exactly which entries exist and with which bits.
 */
public final class PageTables {

    public static final long P = 1, W = 2, U = 4, A = 0x20, D = 0x40, PS = 0x80, G = 0x100, NX = 1L << 63;

    private final ArrayPhysicalMemory memory;
    private final int levels;
    private final long root;
    private long next;

    /** @param tableArea where the tables go (4 KiB-aligned, at least a few pages of free memory) */
    public PageTables(ArrayPhysicalMemory memory, boolean fiveLevel, long tableArea) {
        this.memory = memory;
        this.levels = fiveLevel ? 5 : 4;
        this.next = tableArea;
        this.root = allocate();
    }

    /** @return the value CR3 gets */
    public long root() {
        return root;
    }

    /** Maps the 4 KiB page at {@code linear} to {@code physical}; intermediate entries get {@code P|W|U}. */
    public long map4k(long linear, long physical, long flags) {
        return mapAt(1, linear, physical, flags);
    }

    /** Maps a 2 MiB page. */
    long map2m(long linear, long physical, long flags) {
        return mapAt(2, linear, physical, flags | PS);
    }

    /** Maps a 1 GiB page. */
    long map1g(long linear, long physical, long flags) {
        return mapAt(3, linear, physical, flags | PS);
    }

    /**
     * Installs a leaf at {@code leafLevel} (1 = PTE, 2 = PDE, 3 = PDPTE).
     *
     * @return the physical address of the leaf entry
     */
    long mapAt(int leafLevel, long linear, long physical, long flags) {
        long table = root;
        for (int level = levels; level > leafLevel; level--) {
            long entryAddress = entryAddress(table, level, linear);
            long entry = memory.read(entryAddress, 8);
            if ((entry & P) == 0) {
                entry = allocate() | P | W | U;
                memory.write(entryAddress, 8, entry);
            }
            table = entry & 0xF_FFFF_FFFF_F000L;
        }
        long leaf = entryAddress(table, leafLevel, linear);
        memory.write(leaf, 8, physical | flags);
        return leaf;
    }

    /**
     * @return the physical address of the entry at {@code level} (5..1) on the walk of
     *         {@code linear}; the tables above it must exist
     */
    long entryOf(int level, long linear) {
        long table = root;
        for (int l = levels; l > level; l--) {
            table = memory.read(entryAddress(table, l, linear), 8) & 0xF_FFFF_FFFF_F000L;
        }
        return entryAddress(table, level, linear);
    }

    private static long entryAddress(long table, int level, long linear) {
        return table + ((linear >>> (12 + 9 * (level - 1))) & 0x1FF) * 8;
    }

    private long allocate() {
        long table = next;
        next += 4096;
        return table;
    }
}
