package org.hybridbridge.core.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.UnaryOperator;

import org.hybridbridge.internal.qemu.snapshot.HbsnapWriter;
import org.hybridbridge.qemu.SnapshotFile;
import org.hybridbridge.qemu.SnapshotManifest;
import org.hybridbridge.qemu.SnapshotManifest.MemoryRange;

/**
 * Doctored copies of real snapshots, as an untrusted guest or a careless import could make
 * them: bytes planted in its memory, its manifest changed. Written by the real {@code .hbsnap}
 * writer, so they are sound snapshots (their hash matches their memory).
 */
final class SnapshotCopies {

    private static final int BUFFER = 1 << 20;

    private SnapshotCopies() {
    }

    /**
     * @param patches  guest-physical address to the bytes written there in the copy
     * @param manifest the copy's manifest from the source's, the memory hash already the copy's
     */
    static Path copy(Path source, Path target, Map<Long, byte[]> patches, UnaryOperator<SnapshotManifest> manifest) {
        try (SnapshotFile original = SnapshotFile.open(source)) {
            HbsnapWriter.write(target, channel -> {
                for (MemoryRange range : original.manifest().memory()) {
                    for (long offset = 0; offset < range.size(); offset += BUFFER) {
                        long start = range.guestPhysical() + offset;
                        byte[] bytes = original.readPhysical(start, (int) Math.min(BUFFER, range.size() - offset));
                        patches.forEach((address, patch) -> {
                            for (int i = 0; i < patch.length; i++) {
                                if (address + i >= start && address + i < start + bytes.length) {
                                    bytes[(int) (address + i - start)] = patch[i];
                                }
                            }
                        });
                        write(channel, bytes);
                    }
                }
            }, sha256 -> manifest.apply(withSha256(original.manifest(), sha256)));
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static SnapshotManifest withBanner(SnapshotManifest m, String banner) {
        return new SnapshotManifest(m.formatVersion(), m.source(), m.guest(), banner, m.memory(), m.memorySha256(),
                m.vcpu(), m.vcpus(), m.marker(), m.groundTruth(), m.takenAt());
    }

    private static SnapshotManifest withSha256(SnapshotManifest m, String sha256) {
        return new SnapshotManifest(m.formatVersion(), m.source(), m.guest(), m.kernelBanner(), m.memory(), sha256,
                m.vcpu(), m.vcpus(), m.marker(), m.groundTruth(), m.takenAt());
    }

    private static void write(java.nio.channels.WritableByteChannel channel, byte[] bytes) {
        try {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
