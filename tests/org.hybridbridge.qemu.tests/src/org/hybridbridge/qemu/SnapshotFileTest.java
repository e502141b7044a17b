package org.hybridbridge.qemu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

import org.hybridbridge.internal.qemu.image.Hashes;
import org.hybridbridge.internal.qemu.snapshot.HbsnapFormat;
import org.hybridbridge.internal.qemu.snapshot.HbsnapWriter;
import org.hybridbridge.qemu.SnapshotManifest.Marker;
import org.hybridbridge.qemu.SnapshotManifest.MemoryRange;
import org.hybridbridge.qemu.VcpuState.DescriptorTable;
import org.hybridbridge.qemu.VcpuState.Segment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The .hbsnap format without a guest: written once, atomically, read back exactly. */
class SnapshotFileTest {

    private static final byte[] MEMORY = new byte[3 * 4096];
    static {
        for (int i = 0; i < MEMORY.length; i++) {
            MEMORY[i] = (byte) (i * 7);
        }
    }

    /** A manifest of a small test guest; its kernel banner is {@code Linux version test}. */
    static SnapshotManifest manifest(String sha256) {
        VcpuState vcpu = new VcpuState(Map.of("lstar", 0xffffffff81c00080L),
                Map.of("cs", new Segment(0x33, 0, 0xffffffffL, 0xa0fb00)), new DescriptorTable(0xfffffe0000001000L, 127),
                new DescriptorTable(0xfffffe0000000000L, 0xfff), List.of(), List.of(), "test");
        return new SnapshotManifest(SnapshotManifest.FORMAT_VERSION, "qemu", "svm", "Linux version test\n",
                List.of(new MemoryRange(0, MEMORY.length, HbsnapFormat.MEMORY_OFFSET)), sha256, vcpu,
                List.of(), new Marker("exec", 84, "getpid"), Map.of(), "2026-01-01T00:00:00Z");
    }

    private static void write(Path target) {
        HbsnapWriter.write(target, channel -> {
            try {
                channel.write(ByteBuffer.wrap(MEMORY));
            } catch (IOException e) {
                throw new GuestException(e.getMessage(), e);
            }
        }, SnapshotFileTest::manifest);
    }

    @Test
    void writtenSnapshotReadsBackWithItsManifestMemoryAndHash(@TempDir Path directory) throws IOException {
        Path target = directory.resolve("test.hbsnap");
        write(target);

        try (SnapshotFile snapshot = SnapshotFile.open(target)) {
            SnapshotManifest manifest = snapshot.manifest();
            assertEquals(Hashes.sha256(MEMORY), manifest.memorySha256());
            assertEquals(manifest.memorySha256(), snapshot.computeMemorySha256());
            assertEquals(0xffffffff81c00080L, manifest.vcpu().register("lstar"));
            assertEquals(0xffffffffL, manifest.vcpu().segments().get("cs").limit());
            assertEquals(new Marker("exec", 84, "getpid"), manifest.marker());
            assertArrayEquals(java.util.Arrays.copyOfRange(MEMORY, 4000, 4200), snapshot.readPhysical(4000, 200));
        }
        assertTrue(Files.getPosixFilePermissions(target).stream().noneMatch(p -> p.name().endsWith("WRITE")),
                "snapshots are read-only once written: " + Files.getPosixFilePermissions(target));
        assertTrue(Files.readString(target, java.nio.charset.StandardCharsets.ISO_8859_1)
                .contains("\"lstar\": \"0xffffffff81c00080\""), "64-bit values are hex strings");
        try (var files = Files.list(directory)) {
            assertEquals(List.of(target), files.toList(), "no temporary file is left behind");
        }
    }

    @Test
    void anExistingSnapshotIsNeverReplaced(@TempDir Path directory) throws IOException {
        Path target = directory.resolve("test.hbsnap");
        write(target);
        byte[] before = Files.readAllBytes(target);

        GuestException e = assertThrows(GuestException.class, () -> write(target));

        assertTrue(e.getMessage().contains("exists already"), e.getMessage());
        assertArrayEquals(before, Files.readAllBytes(target));
    }

    @Test
    void readingOutsideTheMemoryOrAForeignFileIsAOneLineError(@TempDir Path directory) throws IOException {
        Path target = directory.resolve("test.hbsnap");
        write(target);
        try (SnapshotFile snapshot = SnapshotFile.open(target)) {
            assertThrows(GuestException.class, () -> snapshot.readPhysical(MEMORY.length - 8, 16));
        }
        Path foreign = Files.writeString(directory.resolve("notes.txt"), "not a snapshot at all, just text");
        GuestException e = assertThrows(GuestException.class, () -> SnapshotFile.open(foreign));
        assertTrue(e.getMessage().endsWith("is not a .hbsnap file"), e.getMessage());
    }

    @Test
    void aTruncatedSnapshotIsRefusedInOneLine(@TempDir Path directory) throws IOException {
        Path target = directory.resolve("test.hbsnap");
        write(target);
        Path truncated = directory.resolve("truncated.hbsnap");
        Files.write(truncated, java.util.Arrays.copyOf(Files.readAllBytes(target), HbsnapFormat.MEMORY_OFFSET + 4096));

        InvalidSnapshotException e = assertThrows(InvalidSnapshotException.class, () -> SnapshotFile.open(truncated));

        assertTrue(e.getMessage().contains(truncated.toString()), e.getMessage());
        assertEquals(-1, e.getMessage().indexOf('\n'), "one line");
    }

    @Test
    void aSnapshotWhoseMemoryNoLongerMatchesItsHashFailsVerification(@TempDir Path directory) throws IOException {
        Path target = directory.resolve("test.hbsnap");
        write(target);
        byte[] bytes = Files.readAllBytes(target);
        bytes[HbsnapFormat.MEMORY_OFFSET + 5000] ^= 1;
        Path damaged = Files.write(directory.resolve("damaged.hbsnap"), bytes);

        try (SnapshotFile snapshot = SnapshotFile.open(damaged)) {
            InvalidSnapshotException e = assertThrows(InvalidSnapshotException.class, snapshot::verify);
            assertTrue(e.getMessage().contains("is damaged"), e.getMessage());
        }
    }

    @Test
    void aVerificationStampHoldsUntilTheFileIsWritten(@TempDir Path directory) throws IOException {
        Path target = directory.resolve("test.hbsnap");
        write(target);
        try (SnapshotFile snapshot = SnapshotFile.open(target)) {
            assertFalse(VerificationStamp.holds(snapshot), "never verified");
            snapshot.verify();
            VerificationStamp.record(snapshot);
            assertTrue(VerificationStamp.holds(snapshot));
        }
        Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-r--r--")); // written read-only
        try (FileChannel file = FileChannel.open(target, StandardOpenOption.WRITE)) {
            file.write(ByteBuffer.wrap(new byte[] { 1 }), HbsnapFormat.MEMORY_OFFSET + 5000);
        }
        try (SnapshotFile snapshot = SnapshotFile.open(target)) {
            assertFalse(VerificationStamp.holds(snapshot), "written since: its identity changed");
            assertThrows(InvalidSnapshotException.class, snapshot::verify);
        }
    }
}
