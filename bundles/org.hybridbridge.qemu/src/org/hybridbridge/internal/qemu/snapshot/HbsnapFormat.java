package org.hybridbridge.internal.qemu.snapshot;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.hybridbridge.qemu.InvalidSnapshotException;

/**
 * The {@code .hbsnap} layout: a 4 KiB header, the memory ranges back to back from offset
 * 4096 (page-aligned, so the memory can be mapped as it is), then the JSON manifest.
 *
 * <pre>
 * offset 0   8 bytes  magic "HBSNAP\n\0"
 *        8   u32 LE   format version
 *        12  u32 LE   0
 *        16  u64 LE   manifest offset
 *        24  u64 LE   manifest length in bytes (UTF-8 JSON)
 *        32..4095     zero
 * </pre>
 */
public final class HbsnapFormat {

    public static final int MEMORY_OFFSET = 4096;
    static final byte[] MAGIC = "HBSNAP\n\0".getBytes(StandardCharsets.US_ASCII);

    private HbsnapFormat() {
    }

    static ByteBuffer header(int version, long manifestOffset, long manifestLength) {
        ByteBuffer header = ByteBuffer.allocate(MEMORY_OFFSET).order(ByteOrder.LITTLE_ENDIAN);
        header.put(MAGIC).putInt(version).putInt(0).putLong(manifestOffset).putLong(manifestLength);
        return header.clear();
    }

    /** Reads the manifest's JSON text of an open {@code .hbsnap} file. */
    public static String readManifestJson(FileChannel file, String name) throws IOException {
        ByteBuffer header = ByteBuffer.allocate(32).order(ByteOrder.LITTLE_ENDIAN);
        file.read(header, 0);
        header.flip();
        byte[] magic = new byte[MAGIC.length];
        if (header.remaining() < 32 || !Arrays.equals(magic(header, magic), MAGIC)) {
            throw new InvalidSnapshotException(name + " is not a .hbsnap file");
        }
        header.getInt(); // version: the manifest says it again, and is checked there
        header.getInt();
        long offset = header.getLong();
        long length = header.getLong();
        if (length <= 0 || length > Integer.MAX_VALUE || offset + length > file.size()) {
            throw new InvalidSnapshotException(name + " is truncated: its manifest is missing");
        }
        ByteBuffer json = ByteBuffer.allocate((int) length);
        while (json.hasRemaining() && file.read(json, offset + json.position()) > 0) {
            // positional reads until the buffer is full
        }
        return new String(json.array(), StandardCharsets.UTF_8);
    }

    private static byte[] magic(ByteBuffer header, byte[] magic) {
        header.get(magic);
        return magic;
    }
}
