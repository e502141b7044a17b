package org.hybridbridge.kvm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Plain mmap'd memory: needs no KVM. */
class GuestMemoryTest {

    @Test
    void startsZeroedAndStoresLongsLittleEndian() {
        try (GuestMemory memory = GuestMemory.allocate(2 * GuestMemory.PAGE_SIZE)) {
            assertEquals(0, memory.getLong(GuestMemory.PAGE_SIZE));

            memory.putLong(8, 0x0807_0605_0403_0201L);

            assertArrayEquals(new byte[] { 1, 2, 3, 4, 5, 6, 7, 8 }, memory.getBytes(8, 8));
        }
    }

    @Test
    void bytesRoundTripUpToTheLastByte() {
        try (GuestMemory memory = GuestMemory.allocate(GuestMemory.PAGE_SIZE)) {
            memory.putBytes(GuestMemory.PAGE_SIZE - 2, new byte[] { 0x2A, 0x2B });

            assertArrayEquals(new byte[] { 0x2A, 0x2B }, memory.getBytes(GuestMemory.PAGE_SIZE - 2, 2));
            assertEquals(GuestMemory.PAGE_SIZE, memory.size());
        }
    }

    @Test
    void refusesAccessesOutsideTheMapping() {
        try (GuestMemory memory = GuestMemory.allocate(GuestMemory.PAGE_SIZE)) {
            assertThrows(IndexOutOfBoundsException.class, () -> memory.getLong(GuestMemory.PAGE_SIZE - 4));
            assertThrows(IndexOutOfBoundsException.class, () -> memory.putBytes(-1, new byte[1]));
        }
    }

    @Test
    void refusesAccessAfterClose() {
        GuestMemory memory = GuestMemory.allocate(GuestMemory.PAGE_SIZE);
        memory.close();

        assertThrows(IllegalStateException.class, () -> memory.getLong(0));
    }

    @Test
    void sizeMustBeWholePages() {
        assertThrows(IllegalArgumentException.class, () -> GuestMemory.allocate(100));
        assertThrows(IllegalArgumentException.class, () -> GuestMemory.allocate(0));
    }
}
