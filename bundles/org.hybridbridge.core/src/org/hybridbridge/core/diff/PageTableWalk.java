package org.hybridbridge.core.diff;

import org.hybridbridge.x86.exec.PhysicalMemory;

/**
 * The present leaf mappings of a range of linear addresses under a four-level page-table root:
 * what a kernel maps in its vmalloc and module areas, found from the tables rather than from
 * its {@code vmap_area} lists (which a damaged guest could loop).
 */
final class PageTableWalk {

    /** Receives each mapped 4 KiB page of a leaf (a 2 MiB or 1 GiB leaf gives many). */
    interface PageVisitor {
        void mapped(long linear, long physical);
    }

    private static final long PRESENT = 1, LARGE = 1L << 7;
    private static final long FRAME = 0x000f_ffff_ffff_f000L;
    private static final long PAGE = 4096;

    private PageTableWalk() {
    }

    /** Visits the pages mapped in [{@code from}, {@code to}) (canonical kernel-half addresses). */
    static void walk(PhysicalMemory memory, long root, long from, long to, PageVisitor visitor) {
        walk(memory, root & FRAME, 4, from, to, 0, visitor);
    }

    private static void walk(PhysicalMemory memory, long table, int level, long from, long to, long base,
            PageVisitor visitor) {
        int shift = 12 + 9 * (level - 1);
        long span = 1L << shift;
        for (int index = 0; index < 512; index++) {
            long start = level == 4 ? ((long) index << shift) | signExtension(index) : base + index * span;
            long end = start + span;
            if (Long.compareUnsigned(end - 1, from) < 0 || Long.compareUnsigned(start, to) >= 0) {
                continue;
            }
            long address = table + 8L * index;
            if (!memory.contains(address)) {
                return; // a table outside RAM: a damaged guest's tables end here
            }
            long entry = memory.read(address, 8);
            if ((entry & PRESENT) == 0) {
                continue;
            }
            if (level == 1 || (level <= 3 && (entry & LARGE) != 0)) {
                long frame = entry & FRAME & ~(span - 1);
                for (long offset = 0; offset < span; offset += PAGE) {
                    visitor.mapped(start + offset, frame + offset);
                }
            } else {
                walk(memory, entry & FRAME, level - 1, from, to, start, visitor);
            }
        }
    }

    /** The top-level index of the kernel half sets bits 63..48 of a canonical address. */
    private static long signExtension(int index) {
        return index >= 256 ? 0xffff_0000_0000_0000L : 0;
    }
}
