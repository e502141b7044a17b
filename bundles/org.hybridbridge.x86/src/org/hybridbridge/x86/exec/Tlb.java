package org.hybridbridge.x86.exec;

import java.util.HashMap;
import java.util.Map;

/**
 * Cached translations by 4 KiB linear page. A 2 MiB or 1 GiB page is cached per 4 KiB piece
 * touched, each remembering the size of the page it belongs to, so {@code invlpg} anywhere in a
 * large page drops all of them, as it drops the one large entry of a real TLB.
 */
final class Tlb {

    /** Beyond this many entries the TLB starts over; keeps {@link #invalidate} cheap. */
    private static final int CAPACITY = 4096;

    /**
     * One translation.
     *
     * @param linearPage   the linear address of the 4 KiB piece
     * @param physicalPage the physical address of the 4 KiB piece
     * @param pageMask     the offset mask of the page it belongs to (0xFFF, 0x1FFFFF, 0x3FFFFFFF)
     * @param user         every level allows user access
     * @param writable     every level allows writes
     * @param executable   no level sets XD (or NXE is off)
     * @param dirty        the leaf's D bit is set, so writes need no walk
     * @param global       the leaf's G bit is set and CR4.PGE is on: survives a CR3 write
     */
    record Entry(long linearPage, long physicalPage, long pageMask, boolean user, boolean writable,
            boolean executable, boolean dirty, boolean global) {

        boolean covers(long linear) {
            return ((linear ^ linearPage) & ~pageMask) == 0;
        }
    }

    private final Map<Long, Entry> entries = new HashMap<>();

    Entry lookup(long linear) {
        return entries.get(linear >>> 12);
    }

    void put(Entry entry) {
        if (entries.size() >= CAPACITY) {
            entries.clear();
        }
        entries.put(entry.linearPage() >>> 12, entry);
    }

    /** Drops every translation, global ones included. */
    void flushAll() {
        entries.clear();
    }

    /** Drops the translations a CR3 write drops: all but the global ones. */
    void flushNonGlobal() {
        entries.values().removeIf(entry -> !entry.global());
    }

    /** Drops the translation of the page containing {@code linear}, whatever its size. */
    void invalidate(long linear) {
        entries.values().removeIf(entry -> entry.covers(linear));
    }
}
