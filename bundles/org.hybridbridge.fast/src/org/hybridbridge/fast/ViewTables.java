package org.hybridbridge.fast;

import java.util.Map;

import org.hybridbridge.kvm.GuestMemory;

/**
 * Page tables the VMM owns (DESIGN.md 3.4 "views"), in its own pages at
 * {@link GuestPhysicalLayout#VMM_BASE}: copies of the GVM's kernel-half tables relocated to the
 * GVM's slot, and of the SVM's tables where a view maps a page otherwise. Every entry the views
 * reach carries the U bit (kernel code runs at CPL3). 1 GiB pages, which fault with RSVD on this
 * KVM, and 2 MiB pages a view changes are split. The tables are complete before the vCPU first
 * runs a view: later edits by the VMM would be invisible to KVM's shadow tables.
 */
final class ViewTables {

    static final long PRESENT = 1, WRITABLE = 2, USER = 1 << 2, LARGE = 1 << 7;
    static final long ADDRESS = 0x000F_FFFF_FFFF_F000L;
    /** In a large page's entry, bit 12 is PAT, not address. */
    private static final long LARGE_PAT = 1 << 12;
    private static final int ENTRIES = 512, PAGE = 4096, PML4 = 3;

    private final SharedGuestRam ram;
    private final GuestMemory own;
    private long used;

    /** @param own the VMM's pages, already {@code ram}'s slot at {@link GuestPhysicalLayout#VMM_BASE} */
    ViewTables(SharedGuestRam ram, GuestMemory own) {
        this.ram = ram;
        this.own = own;
    }

    /** @return the guest-physical address of a new zeroed page of the VMM's */
    long allocate() {
        if (used + PAGE > own.size()) {
            throw new FastBridgeException(String.format("the VMM's %,d MiB of view tables and code pages are full",
                    own.size() >> 20));
        }
        long page = GuestPhysicalLayout.VMM_BASE + used;
        used += PAGE;
        return page;
    }

    /** @return whether the page at guest-physical {@code address} is the VMM's */
    static boolean isOwn(long address) {
        return address >= GuestPhysicalLayout.VMM_BASE;
    }

    /** @return bytes of the VMM's pages in use */
    long usedBytes() {
        return used;
    }

    long entry(long table, int index) {
        return ram.read(table + 8L * index, 8);
    }

    void setEntry(long table, int index, long entry) {
        ram.write(table + 8L * index, 8, entry);
    }

    void write(long page, byte[] bytes) {
        ram.write(page, bytes, 0, bytes.length);
    }

    /** @return a new table of the VMM's whose entries are {@code table}'s (a root: the halves the caller keeps or replaces) */
    long copyTable(long table) {
        long copy = allocate();
        for (int i = 0; i < ENTRIES; i++) {
            setEntry(copy, i, entry(table, i));
        }
        return copy;
    }

    /**
     * Copies the hierarchy under {@code table} (guest-physical, already relocated) into the VMM's
     * pages, every address it holds moved by {@code relocation}, U set on every entry, 1 GiB
     * pages split; a table reached twice is copied once.
     *
     * @return the copy's guest-physical address
     */
    long copyRelocated(long table, int level, long relocation, Map<Long, Long> copied) {
        Long done = copied.get(table);
        if (done != null) {
            return done;
        }
        long copy = allocate();
        copied.put(table, copy);
        for (int i = 0; i < ENTRIES; i++) {
            long entry = entry(table, i);
            if ((entry & PRESENT) == 0) {
                continue;
            }
            long moved = (entry & ~ADDRESS | (entry & ADDRESS) + relocation) | USER;
            if (level == 2 && (entry & LARGE) != 0) {
                setEntry(copy, i, moved & ~ADDRESS & ~LARGE | split(moved, level));
            } else if (level == 0 || (entry & LARGE) != 0) {
                setEntry(copy, i, moved);
            } else if (ram.contains((entry & ADDRESS) + relocation)) { // a damaged table's pointer to nowhere stays out
                long child = copyRelocated((entry & ADDRESS) + relocation, level - 1, relocation, copied);
                setEntry(copy, i, entry & ~ADDRESS | child | USER);
            }
        }
        return copy;
    }

    /**
     * Maps the 4 KiB page at {@code linear} under {@code root} (a root of the VMM's) to the
     * guest-physical {@code page}, or unmaps it ({@code page} negative): the tables on the way
     * that are not the VMM's are copied first, a large page on the way split.
     */
    void map(long root, long linear, long page) {
        long table = root;
        for (int level = PML4; level > 0; level--) {
            int index = index(linear, level);
            long entry = entry(table, index);
            long child;
            if ((entry & PRESENT) == 0) {
                child = allocate();
                entry = PRESENT | WRITABLE | USER;
            } else if ((entry & LARGE) != 0) {
                child = split(entry, level);
                entry &= ~LARGE & ~LARGE_PAT;
            } else if (!isOwn(entry & ADDRESS)) {
                child = copyTable(entry & ADDRESS);
            } else {
                table = entry & ADDRESS;
                continue;
            }
            setEntry(table, index, entry & ~ADDRESS | child | USER);
            table = child;
        }
        int index = index(linear, 0);
        long old = entry(table, index);
        long flags = (old & PRESENT) != 0 ? old & ~ADDRESS : PRESENT | WRITABLE | USER;
        setEntry(table, index, page < 0 ? 0 : flags | page | USER);
    }

    /** @return the guest-physical page {@code linear} maps to under {@code root}, or -1 */
    long translate(long root, long linear) {
        long table = root;
        for (int level = PML4; level >= 0; level--) {
            long entry = entry(table, index(linear, level));
            if ((entry & PRESENT) == 0) {
                return -1;
            }
            if (level == 0 || (entry & LARGE) != 0) {
                long size = 1L << 12 + 9 * level;
                return (entry & ADDRESS & ~(size - 1)) + (linear & size - 1 & ~(PAGE - 1L));
            }
            table = entry & ADDRESS;
        }
        return -1;
    }

    /** Splits the large page of {@code entry} at {@code level} (2: 1 GiB, 1: 2 MiB) into a table of the next level. */
    private long split(long entry, int level) {
        long table = allocate();
        long base = entry & ADDRESS & ~LARGE_PAT;
        long childSize = 1L << 12 + 9 * (level - 1);
        long flags = entry & ~ADDRESS | (level == 2 ? entry & LARGE_PAT : 0);
        if (level == 1) {
            flags = flags & ~LARGE | ((entry & LARGE_PAT) != 0 ? 1 << 7 : 0); // PAT moves to bit 7 in a 4 KiB entry
        }
        for (int i = 0; i < ENTRIES; i++) {
            setEntry(table, i, flags | base + i * childSize);
        }
        return table;
    }

    private static int index(long linear, int level) {
        return (int) (linear >>> 12 + 9 * level) & ENTRIES - 1;
    }
}
