package org.hybridbridge.core.run;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

import org.hybridbridge.qemu.SnapshotFile;
import org.hybridbridge.qemu.SnapshotManifest.MemoryRange;
import org.hybridbridge.x86.exec.PhysicalMemory;

/**
 * A snapshot's guest-physical memory, mapped read-only from its {@code .hbsnap} file. Engines
 * run over it through a {@link org.hybridbridge.taint.CopyOnWriteMemory}; a write reaching it
 * would modify the snapshot, so it fails.
 */
public final class SnapshotMemory implements PhysicalMemory {

    /** Mappings are at most this large (a ByteBuffer indexes with an int). */
    private static final int CHUNK = 1 << 30;

    private record Chunk(long start, ByteBuffer bytes) {
        boolean contains(long address) {
            return address >= start && address - start < bytes.capacity();
        }
    }

    private final List<Chunk> chunks = new ArrayList<>();
    private Chunk last;

    public SnapshotMemory(SnapshotFile snapshot) {
        for (MemoryRange range : snapshot.manifest().memory()) {
            for (long offset = 0; offset < range.size(); offset += CHUNK) {
                int length = (int) Math.min(CHUNK, range.size() - offset);
                chunks.add(new Chunk(range.guestPhysical() + offset,
                        snapshot.map(range, offset, length).order(ByteOrder.LITTLE_ENDIAN)));
            }
        }
        last = chunks.isEmpty() ? null : chunks.get(0);
    }

    @Override
    public long read(long address, int size) {
        Chunk chunk = find(address);
        if (chunk != null && chunk.contains(address + size - 1)) {
            int at = (int) (address - chunk.start);
            return switch (size) {
                case 1 -> chunk.bytes.get(at) & 0xFFL;
                case 2 -> chunk.bytes.getShort(at) & 0xFFFFL;
                case 4 -> chunk.bytes.getInt(at) & 0xFFFF_FFFFL;
                default -> chunk.bytes.getLong(at);
            };
        }
        byte[] bytes = new byte[size];
        read(address, bytes, 0, size);
        long value = 0;
        for (int i = size - 1; i >= 0; i--) {
            value = (value << 8) | (bytes[i] & 0xFF);
        }
        return value;
    }

    @Override
    public void read(long address, byte[] target, int offset, int length) {
        for (int done = 0; done < length;) {
            long at = address + done;
            Chunk chunk = find(at);
            if (chunk == null) {
                target[offset + done++] = (byte) 0xFF; // nothing behind this address: the bus reads all ones
                continue;
            }
            int count = (int) Math.min(length - done, chunk.start + chunk.bytes.capacity() - at);
            chunk.bytes.get((int) (at - chunk.start), target, offset + done, count);
            done += count;
        }
    }

    @Override
    public void write(long address, int size, long value) {
        throw readOnly(address);
    }

    @Override
    public void write(long address, byte[] source, int offset, int length) {
        throw readOnly(address);
    }

    @Override
    public boolean contains(long address) {
        return find(address) != null;
    }

    private Chunk find(long address) {
        if (last != null && last.contains(address)) {
            return last;
        }
        for (Chunk chunk : chunks) {
            if (chunk.contains(address)) {
                last = chunk;
                return chunk;
            }
        }
        return null;
    }

    private static IllegalStateException readOnly(long address) {
        return new IllegalStateException(String.format(
                "write to guest-physical 0x%x of a snapshot: snapshots are read-only, run over a copy-on-write overlay",
                address));
    }
}
