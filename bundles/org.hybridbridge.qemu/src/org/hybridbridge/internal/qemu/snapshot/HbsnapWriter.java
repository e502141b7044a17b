package org.hybridbridge.internal.qemu.snapshot;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.function.Consumer;
import java.util.function.Function;

import org.hybridbridge.internal.qemu.image.Hashes;
import org.hybridbridge.qemu.GuestException;
import org.hybridbridge.qemu.SnapshotManifest;

/**
 * Writes a {@code .hbsnap} file atomically and once: into a hidden temporary file beside the
 * target, hashed while written, made read-only, then hard-linked to the target name, which
 * fails if that name exists. A reader never sees a partial file; no snapshot is ever replaced.
 */
public final class HbsnapWriter {

    private static final int PAGE = 4096;
    private static final ByteBuffer ZERO_PAGE = ByteBuffer.allocate(PAGE).asReadOnlyBuffer();

    private HbsnapWriter() {
    }

    /**
     * @param target   the {@code .hbsnap} file to create; it must not exist
     * @param memory   writes the memory ranges, in manifest order, to the channel it is given
     * @param manifest makes the manifest from the memory's SHA-256
     */
    public static void write(Path target, Consumer<WritableByteChannel> memory,
            Function<String, SnapshotManifest> manifest) {
        Path absolute = target.toAbsolutePath();
        if (Files.exists(absolute)) {
            throw new GuestException(target + " exists already: snapshots are never overwritten");
        }
        Path temporary = absolute.resolveSibling("." + absolute.getFileName() + ".part");
        try {
            try (FileChannel file = FileChannel.open(temporary, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                MessageDigest digest = Hashes.newDigest();
                file.position(HbsnapFormat.MEMORY_OFFSET);
                memory.accept(hashing(file, digest));
                long manifestOffset = file.position();
                byte[] json = SnapshotJson.toJson(manifest.apply(HexFormat.of().formatHex(digest.digest())))
                        .getBytes(StandardCharsets.UTF_8);
                writeFully(file, ByteBuffer.wrap(json), manifestOffset);
                writeFully(file, HbsnapFormat.header(SnapshotManifest.FORMAT_VERSION, manifestOffset, json.length), 0);
                file.force(true);
            }
            Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("r--r--r--"));
            Files.createLink(absolute, temporary);
        } catch (FileAlreadyExistsException e) {
            throw new GuestException(target + " exists already: snapshots are never overwritten", e);
        } catch (IOException e) {
            throw new GuestException("cannot write " + target + ": " + e.getMessage(), e);
        } finally {
            try {
                Files.deleteIfExists(temporary);
            } catch (IOException e) {
                // a stray hidden .part file is harmless; the error that matters was reported
            }
        }
    }

    private static void writeFully(FileChannel file, ByteBuffer bytes, long position) throws IOException {
        while (bytes.hasRemaining()) {
            position += file.write(bytes, position);
        }
    }

    /**
     * A channel that appends to {@code file} and feeds every byte written to {@code digest}. A
     * whole page of zeros at a page-aligned position is skipped, not written: the file keeps a
     * hole there, which reads and maps as zeros (most of a guest's RAM is zero pages).
     */
    private static WritableByteChannel hashing(FileChannel file, MessageDigest digest) {
        return new WritableByteChannel() {
            @Override
            public int write(ByteBuffer source) throws IOException {
                int total = 0;
                while (source.hasRemaining()) {
                    long position = file.position();
                    ByteBuffer piece = source.duplicate();
                    piece.limit(piece.position() + Math.min(piece.remaining(), (int) (PAGE - position % PAGE)));
                    int count = piece.remaining();
                    if (count == PAGE && piece.mismatch(ZERO_PAGE) == -1) {
                        file.position(position + PAGE);
                    } else {
                        count = file.write(piece.duplicate());
                        piece.limit(piece.position() + count);
                    }
                    digest.update(piece);
                    source.position(source.position() + count);
                    total += count;
                }
                return total;
            }

            @Override
            public boolean isOpen() {
                return file.isOpen();
            }

            @Override
            public void close() {
                // the file stays open for the manifest
            }
        };
    }
}
