package org.hybridbridge.kvm;

import java.nio.file.Path;
import java.util.Objects;

import org.hybridbridge.internal.kvm.jna.LibC;

import com.sun.jna.Pointer;

/**
 * Guest RAM: page-aligned host memory (mmap) that a {@link KvmVm} maps as a memory slot, either
 * zeroed anonymous memory or a private mapping of a file (a snapshot's memory, copied on write).
 * Offsets are bytes from the start of this memory; longs are little-endian, as the x86-64 guest
 * reads them. Accesses are bounds-checked, since a stray one would crash the JVM.
 * Close it after the VMs that map it.
 */
public final class GuestMemory implements AutoCloseable {

    /** Host page size: mappings and slot sizes are multiples of it. */
    public static final int PAGE_SIZE = 4096;

    private final long size;
    private Pointer address;

    private GuestMemory(Pointer address, long size) {
        this.address = address;
        this.size = size;
    }

    /** Maps {@code size} bytes, a positive multiple of {@link #PAGE_SIZE}. */
    public static GuestMemory allocate(long size) {
        if (size <= 0 || size % PAGE_SIZE != 0) {
            throw new IllegalArgumentException("guest memory size must be a positive multiple of " + PAGE_SIZE
                    + ": " + size);
        }
        return new GuestMemory(LibC.mapAnonymous(size), size);
    }

    /**
     * Maps {@code size} bytes of {@code file} from {@code offset} (both multiples of
     * {@link #PAGE_SIZE}) private and copy-on-write, from a read-only descriptor: writes by the
     * guest or the VMM go to private copies of the pages, the file cannot change.
     */
    public static GuestMemory mapPrivate(Path file, long offset, long size) {
        if (size <= 0 || size % PAGE_SIZE != 0 || offset % PAGE_SIZE != 0) {
            throw new IllegalArgumentException("a private mapping needs a page-aligned offset and a positive size "
                    + "multiple of " + PAGE_SIZE + ": offset " + offset + ", size " + size);
        }
        int fd = LibC.openReadOnly(file);
        try {
            return new GuestMemory(LibC.mapPrivate(fd, size, offset, file.toString()), size);
        } finally {
            LibC.close(fd, file.toString()); // the mapping keeps the file open
        }
    }

    /** Size in bytes. */
    public long size() {
        return size;
    }

    /** The host virtual address of byte 0, for {@code KVM_SET_USER_MEMORY_REGION}. */
    long hostAddress() {
        return Pointer.nativeValue(mapped());
    }

    /** Copies {@code length} bytes starting at {@code offset}. */
    public byte[] getBytes(long offset, int length) {
        checkRange(offset, length);
        return mapped().getByteArray(offset, length);
    }

    /** Copies {@code bytes} to {@code offset}. */
    public void putBytes(long offset, byte[] bytes) {
        checkRange(offset, bytes.length);
        mapped().write(offset, bytes, 0, bytes.length);
    }

    /** Copies {@code length} bytes starting at {@code offset} into {@code target[targetOffset..]}. */
    public void getBytes(long offset, byte[] target, int targetOffset, int length) {
        checkRange(offset, length);
        mapped().read(offset, target, targetOffset, length);
    }

    /** Copies {@code source[sourceOffset..sourceOffset+length)} to {@code offset}. */
    public void putBytes(long offset, byte[] source, int sourceOffset, int length) {
        checkRange(offset, length);
        mapped().write(offset, source, sourceOffset, length);
    }

    /** Reads the little-endian long at {@code offset}. */
    public long getLong(long offset) {
        checkRange(offset, Long.BYTES);
        return mapped().getLong(offset); // x86-64 native order is little-endian
    }

    /** Writes {@code value} little-endian at {@code offset}. */
    public void putLong(long offset, long value) {
        checkRange(offset, Long.BYTES);
        mapped().setLong(offset, value);
    }

    /** Unmaps the memory; later accesses throw {@link IllegalStateException}. */
    @Override
    public void close() {
        if (address != null) {
            Pointer mapping = address;
            address = null;
            LibC.unmap(mapping, size);
        }
    }

    private Pointer mapped() {
        if (address == null) {
            throw new IllegalStateException("guest memory is closed");
        }
        return address;
    }

    private void checkRange(long offset, int length) {
        Objects.checkFromIndexSize(offset, length, size);
    }
}
