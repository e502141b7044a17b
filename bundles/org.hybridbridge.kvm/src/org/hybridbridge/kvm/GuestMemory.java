package org.hybridbridge.kvm;

import java.util.Objects;

import org.hybridbridge.internal.kvm.jna.LibC;

import com.sun.jna.Pointer;

/**
 * Guest RAM: zeroed, page-aligned anonymous host memory (mmap) that a {@link KvmVm} maps as a
 * memory slot. Offsets are bytes from the start of this memory; longs are little-endian, as the
 * x86-64 guest reads them. Accesses are bounds-checked, since a stray one would crash the JVM.
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
