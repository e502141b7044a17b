package org.hybridbridge.internal.kvm.guest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import org.junit.jupiter.api.Test;

/** In the manner of Firecracker's {@code test_setup_page_tables}: read the entries back. */
class PageTablesTest {

    private static final long BASE = 0x3000;
    private static final long TABLE_FLAGS = PageTables.PRESENT | PageTables.WRITABLE | PageTables.USER;

    @Test
    void pml4AndPdptChainToTheNextTableWithTheUserBit() {
        ByteBuffer tables = tables(4L << 20);

        assertEquals(0x4000 | TABLE_FLAGS, pml4(tables, 0));
        assertEquals(0x5000 | TABLE_FLAGS, pdpt(tables, 0));
        assertEquals(0, pml4(tables, 1));
        assertEquals(0, pdpt(tables, 1));
    }

    @Test
    void pageDirectoryMapsEach2MiBToItselfForUserAccess() {
        ByteBuffer tables = tables(4L << 20);

        assertEquals(0x0000_0000 | TABLE_FLAGS | PageTables.LARGE_PAGE, pd(tables, 0));
        assertEquals(0x0020_0000 | TABLE_FLAGS | PageTables.LARGE_PAGE, pd(tables, 1));
        assertEquals(0, pd(tables, 2), "nothing beyond the mapped size");
    }

    @Test
    void partialLargePageIsRoundedUp() {
        ByteBuffer tables = tables(0x1000);

        assertEquals(0 | TABLE_FLAGS | PageTables.LARGE_PAGE, pd(tables, 0));
        assertEquals(0, pd(tables, 1));
    }

    @Test
    void oneGibIsTheMostOnePageDirectoryMaps() {
        ByteBuffer tables = tables(1L << 30);

        assertEquals((1L << 30) - (2L << 20) | TABLE_FLAGS | PageTables.LARGE_PAGE, pd(tables, 511));
        assertThrows(IllegalArgumentException.class, () -> PageTables.identityMap(BASE, (1L << 30) + 1));
        assertThrows(IllegalArgumentException.class, () -> PageTables.identityMap(BASE, 0));
    }

    private static ByteBuffer tables(long mappedBytes) {
        byte[] bytes = PageTables.identityMap(BASE, mappedBytes);
        assertEquals(3 * PageTables.TABLE_BYTES, bytes.length);
        return ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static long pml4(ByteBuffer tables, int index) {
        return tables.getLong(index * 8);
    }

    private static long pdpt(ByteBuffer tables, int index) {
        return tables.getLong(PageTables.TABLE_BYTES + index * 8);
    }

    private static long pd(ByteBuffer tables, int index) {
        return tables.getLong(2 * PageTables.TABLE_BYTES + index * 8);
    }
}
