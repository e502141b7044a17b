package org.hybridbridge.x86.exec;

/**
 * Cached translations by 4 KiB linear page, direct-mapped as QEMU's softmmu TLB is: the page
 * number's low bits pick the one slot a page can be in, so a lookup is an array index and a
 * compare, and a page evicts the one it shares its slot with (a walk again, as a real TLB may
 * need at any time). A 2 MiB or 1 GiB page is cached per 4 KiB piece touched, each remembering
 * the size of the page it belongs to, so {@code invlpg} anywhere in a large page drops all of
 * them, as it drops the one large entry of a real TLB.
 */
final class Tlb {

    /** Slots: a power of two, small enough that a flush or an {@code invlpg} (a scan) stays cheap. */
    private static final int SLOTS = 4096;

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

    private final Entry[] slots = new Entry[SLOTS];
    /**
     * The indexes of the slots that hold an entry, {@link #usedCount} of them: a flush clears
     * those, not every slot (Fast-Bridge flushes at each of its thousands of traps, after a
     * handful of translations).
     */
    private final int[] used = new int[SLOTS];
    private int usedCount;
    /**
     * The page the processor fetched from last, apart from the slots (QEMU keeps code translations
     * apart too): the next instruction is mostly on it, and its fetch then needs no slot, no
     * permission check and no canonical check, all made when it was remembered. Dropped with the
     * slots, so it is never valid longer than they are.
     */
    private long fetchLinearPage = -1;
    private long fetchPhysicalPage;
    private boolean fetchUser;

    /**
     * @return the physical address of {@code linear} if it lies on the page fetched from last and is
     *         fetched with the same privilege, else -1
     */
    long fetchTranslation(long linear, boolean user) {
        return (linear & ~0xFFFL) == fetchLinearPage && user == fetchUser ? fetchPhysicalPage | (linear & 0xFFF) : -1;
    }

    /** Remembers the page of a fetch that was translated and checked. */
    void rememberFetch(long linear, long physical, boolean user) {
        fetchLinearPage = linear & ~0xFFFL;
        fetchPhysicalPage = physical & ~0xFFFL;
        fetchUser = user;
    }

    Entry lookup(long linear) {
        Entry entry = slots[slot(linear)];
        return entry != null && entry.linearPage() == (linear & ~0xFFFL) ? entry : null;
    }

    void put(Entry entry) {
        int slot = slot(entry.linearPage());
        if (slots[slot] == null) {
            used[usedCount++] = slot;
        }
        slots[slot] = entry;
    }

    /** Drops every translation, global ones included. */
    void flushAll() {
        fetchLinearPage = -1;
        for (int i = 0; i < usedCount; i++) {
            slots[used[i]] = null;
        }
        usedCount = 0;
    }

    /** Drops the translations a CR3 write drops: all but the global ones. */
    void flushNonGlobal() {
        fetchLinearPage = -1;
        int kept = 0;
        for (int i = 0; i < usedCount; i++) {
            int slot = used[i];
            if (slots[slot].global()) {
                used[kept++] = slot;
            } else {
                slots[slot] = null;
            }
        }
        usedCount = kept;
    }

    /** Drops the translation of the page containing {@code linear}, whatever its size. */
    void invalidate(long linear) {
        fetchLinearPage = -1;
        int kept = 0;
        for (int i = 0; i < usedCount; i++) {
            int slot = used[i];
            if (slots[slot].covers(linear)) {
                slots[slot] = null;
            } else {
                used[kept++] = slot;
            }
        }
        usedCount = kept;
    }

    private static int slot(long linear) {
        return (int) (linear >>> 12) & (SLOTS - 1);
    }
}
