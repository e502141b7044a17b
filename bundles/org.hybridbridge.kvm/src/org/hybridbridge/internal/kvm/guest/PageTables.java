package org.hybridbridge.internal.kvm.guest;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * 4-level page tables that identity-map the low guest-physical memory with 2 MiB pages. Every
 * entry has the U bit, so code and data are reachable at CPL3 as well as CPL0: the fast path runs
 * kernel code deprivileged, and the probe compares both levels on the same pages.
 */
public final class PageTables {

    public static final long PRESENT = 1L << 0;
    public static final long WRITABLE = 1L << 1;
    public static final long USER = 1L << 2;
    /** PS in a page-directory entry: the entry maps a 2 MiB page instead of a page table. */
    public static final long LARGE_PAGE = 1L << 7;

    public static final int TABLE_BYTES = 4096;
    public static final long LARGE_PAGE_BYTES = 2L << 20;
    private static final int ENTRIES = TABLE_BYTES / Long.BYTES;
    private static final long TABLE_FLAGS = PRESENT | WRITABLE | USER;

    private PageTables() {
    }

    /**
     * Builds PML4, PDPT and PD, to be placed consecutively at guest-physical {@code base}, mapping
     * {@code [0, mappedBytes)} (rounded up to 2 MiB, at most 1 GiB: one PD) to itself.
     *
     * @return the three tables, {@code 3 * TABLE_BYTES} bytes
     */
    public static byte[] identityMap(long base, long mappedBytes) {
        long pages = (mappedBytes + LARGE_PAGE_BYTES - 1) / LARGE_PAGE_BYTES;
        if (pages < 1 || pages > ENTRIES) {
            throw new IllegalArgumentException("can map 2 MiB to 1 GiB, not " + mappedBytes + " bytes");
        }
        long pdpt = base + TABLE_BYTES;
        long pd = pdpt + TABLE_BYTES;
        ByteBuffer tables = ByteBuffer.allocate(3 * TABLE_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        tables.putLong(0, pdpt | TABLE_FLAGS);
        tables.putLong(TABLE_BYTES, pd | TABLE_FLAGS);
        for (int i = 0; i < pages; i++) {
            tables.putLong(2 * TABLE_BYTES + i * Long.BYTES, i * LARGE_PAGE_BYTES | TABLE_FLAGS | LARGE_PAGE);
        }
        return tables.array();
    }
}
