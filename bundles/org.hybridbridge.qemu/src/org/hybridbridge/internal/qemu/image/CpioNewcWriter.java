package org.hybridbridge.internal.qemu.image;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

import org.hybridbridge.internal.qemu.image.InitramfsTree.CharDevice;
import org.hybridbridge.internal.qemu.image.InitramfsTree.Directory;
import org.hybridbridge.internal.qemu.image.InitramfsTree.Entry;
import org.hybridbridge.internal.qemu.image.InitramfsTree.RegularFile;
import org.hybridbridge.internal.qemu.image.InitramfsTree.Symlink;

/**
 * Writes an {@link InitramfsTree} as a cpio archive in the "newc" format the kernel unpacks
 * (Documentation/driver-api/early-userspace/buffer-format.rst). Written here rather than by the
 * {@code cpio} tool so that the archive depends only on its contents: owner root, time 0,
 * inodes numbered in path order, no host file system involved (device nodes need no root).
 */
public final class CpioNewcWriter {

    private static final int S_IFDIR = 0040000;
    private static final int S_IFREG = 0100000;
    private static final int S_IFLNK = 0120000;
    private static final int S_IFCHR = 0020000;
    private static final String TRAILER = "TRAILER!!!";

    private final OutputStream out;
    private long written;
    private int nextInode = 1;

    public CpioNewcWriter(OutputStream out) {
        this.out = out;
    }

    /** Writes every entry of {@code tree} and the trailer. */
    public void write(InitramfsTree tree) throws IOException {
        for (Entry entry : tree.entries()) {
            write(entry);
        }
        writeEntry(TRAILER, 0, 0, 0, new byte[0], 0);
        out.flush();
    }

    private void write(Entry entry) throws IOException {
        String name = entry.path().substring(1); // archives name paths relative to the root
        switch (entry) {
            case Directory directory -> writeEntry(name, S_IFDIR | directory.mode(), 2, 0, new byte[0], nextInode++);
            case RegularFile file -> writeEntry(name, S_IFREG | file.mode(), 1, 0, file.content(), nextInode++);
            case Symlink link -> writeEntry(name, S_IFLNK | 0777, 1, 0,
                    link.target().getBytes(StandardCharsets.UTF_8), nextInode++);
            case CharDevice device -> writeEntry(name, S_IFCHR | device.mode(), 1,
                    ((long) device.major() << 32) | device.minor(), new byte[0], nextInode++);
        }
    }

    private void writeEntry(String name, int mode, int links, long rdev, byte[] content, int inode)
            throws IOException {
        byte[] nameBytes = (name + "\0").getBytes(StandardCharsets.UTF_8);
        StringBuilder header = new StringBuilder("070701");
        for (long field : new long[] { inode, mode, 0, 0, links, 0, content.length, 0, 0, rdev >>> 32,
                rdev & 0xffffffffL, nameBytes.length, 0 }) {
            header.append(String.format("%08x", field));
        }
        emit(header.toString().getBytes(StandardCharsets.US_ASCII));
        emit(nameBytes);
        pad();
        emit(content);
        pad();
    }

    private void emit(byte[] bytes) throws IOException {
        out.write(bytes);
        written += bytes.length;
    }

    /** Header+name and data each end on a 4-byte boundary. */
    private void pad() throws IOException {
        while (written % 4 != 0) {
            out.write(0);
            written++;
        }
    }
}
