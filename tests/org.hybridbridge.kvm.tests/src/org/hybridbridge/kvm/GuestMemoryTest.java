package org.hybridbridge.kvm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Plain mmap'd memory, anonymous or a file's private mapping: needs no KVM. */
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
    void aPrivateMappingReadsTheFileFromItsOffsetAndWritesNeverReachIt(@TempDir Path directory) throws IOException {
        byte[] contents = new byte[3 * GuestMemory.PAGE_SIZE];
        contents[GuestMemory.PAGE_SIZE] = 0x11; // the mapping starts here, as a snapshot's RAM after its header
        contents[contents.length - 1] = 0x22;
        Path file = directory.resolve("memory");
        Files.write(file, contents);
        file.toFile().setReadOnly();

        try (GuestMemory memory = GuestMemory.mapPrivate(file, GuestMemory.PAGE_SIZE, 2 * GuestMemory.PAGE_SIZE)) {
            assertArrayEquals(new byte[] { 0x11 }, memory.getBytes(0, 1));
            assertArrayEquals(new byte[] { 0x22 }, memory.getBytes(memory.size() - 1, 1));

            memory.putLong(0, -1L);

            assertEquals(-1L, memory.getLong(0));
        }
        assertArrayEquals(contents, Files.readAllBytes(file));
    }

    @Test
    void sizeMustBeWholePages() {
        assertThrows(IllegalArgumentException.class, () -> GuestMemory.allocate(100));
        assertThrows(IllegalArgumentException.class, () -> GuestMemory.allocate(0));
    }
}
