package org.hybridbridge.qemu;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.HexFormat;

import org.hybridbridge.internal.qemu.image.Hashes;
import org.hybridbridge.internal.qemu.snapshot.HbsnapFormat;
import org.hybridbridge.internal.qemu.snapshot.SnapshotJson;
import org.hybridbridge.qemu.SnapshotManifest.MemoryRange;

import com.google.gson.JsonParseException;

/** An open {@code .hbsnap} file, read-only: its manifest and its guest-physical memory. */
public final class SnapshotFile implements Closeable {

    private final Path path;
    private final FileChannel file;
    private final SnapshotManifest manifest;

    private SnapshotFile(Path path, FileChannel file, SnapshotManifest manifest) {
        this.path = path;
        this.file = file;
        this.manifest = manifest;
    }

    /** Opens {@code path}, or fails in one line if it is not a {@code .hbsnap} file of a known version. */
    public static SnapshotFile open(Path path) {
        FileChannel file = null;
        try {
            file = FileChannel.open(path, StandardOpenOption.READ);
            SnapshotManifest manifest = SnapshotJson.fromJson(HbsnapFormat.readManifestJson(file, path.toString()));
            if (manifest == null || manifest.formatVersion() != SnapshotManifest.FORMAT_VERSION) {
                throw new InvalidSnapshotException(path + " has snapshot format version "
                        + (manifest == null ? "?" : manifest.formatVersion()) + "; this version reads "
                        + SnapshotManifest.FORMAT_VERSION);
            }
            return new SnapshotFile(path, file, manifest);
        } catch (NoSuchFileException e) {
            throw new InvalidSnapshotException("no snapshot file " + path, e);
        } catch (IOException | JsonParseException | GuestException e) {
            closeQuietly(file);
            throw e instanceof GuestException guest ? guest
                    : new InvalidSnapshotException("cannot read snapshot " + path + ": " + e.getMessage(), e);
        }
    }

    public Path path() {
        return path;
    }

    public SnapshotManifest manifest() {
        return manifest;
    }

    /** Reads {@code length} bytes of guest-physical memory from {@code address}; they must lie in one range. */
    public byte[] readPhysical(long address, int length) {
        for (MemoryRange range : manifest.memory()) {
            if (address >= range.guestPhysical() && address + length <= range.guestPhysical() + range.size()) {
                ByteBuffer bytes = ByteBuffer.allocate(length);
                long position = range.fileOffset() + (address - range.guestPhysical());
                try {
                    while (bytes.hasRemaining()) {
                        if (file.read(bytes, position + bytes.position()) < 0) {
                            throw new InvalidSnapshotException(path + " is truncated");
                        }
                    }
                } catch (IOException e) {
                    throw new GuestException("cannot read " + path + ": " + e.getMessage(), e);
                }
                return bytes.array();
            }
        }
        throw new GuestException(String.format("guest-physical 0x%x+%d is not in snapshot %s", address, length, path));
    }

    /**
     * Maps {@code length} bytes of {@code range}'s memory, from {@code offset} into the range,
     * read-only (engines run over it through a copy-on-write overlay; the file is never written).
     * The mapping stays valid after {@link #close}.
     */
    public ByteBuffer map(MemoryRange range, long offset, int length) {
        if (offset < 0 || length < 0 || offset + length > range.size()) {
            throw new IllegalArgumentException(String.format("0x%x+%d is outside the range of 0x%x bytes", offset,
                    length, range.size()));
        }
        try {
            return file.map(FileChannel.MapMode.READ_ONLY, range.fileOffset() + offset, length);
        } catch (IOException e) {
            throw new GuestException("cannot map " + path + ": " + e.getMessage(), e);
        }
    }

    /** Fails in one line unless the stored memory still hashes to the manifest's SHA-256. */
    public void verify() {
        String actual = computeMemorySha256();
        if (!actual.equals(manifest.memorySha256())) {
            throw new InvalidSnapshotException(path + " is damaged: its memory hashes to " + actual
                    + ", its manifest says " + manifest.memorySha256());
        }
    }

    /** SHA-256 of the stored memory, recomputed; equal to the manifest's unless the file was damaged. */
    public String computeMemorySha256() {
        MessageDigest digest = Hashes.newDigest();
        ByteBuffer buffer = ByteBuffer.allocate(1 << 20);
        try {
            for (MemoryRange range : manifest.memory()) {
                for (long done = 0; done < range.size();) {
                    buffer.clear().limit((int) Math.min(buffer.capacity(), range.size() - done));
                    int read = file.read(buffer, range.fileOffset() + done);
                    if (read < 0) {
                        throw new InvalidSnapshotException(path + " is truncated");
                    }
                    digest.update(buffer.flip());
                    done += read;
                }
            }
        } catch (IOException e) {
            throw new GuestException("cannot read " + path + ": " + e.getMessage(), e);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    @Override
    public void close() throws IOException {
        file.close();
    }

    private static void closeQuietly(FileChannel file) {
        try {
            if (file != null) {
                file.close();
            }
        } catch (IOException e) {
            // the open failed already; that failure is the one reported
        }
    }
}
