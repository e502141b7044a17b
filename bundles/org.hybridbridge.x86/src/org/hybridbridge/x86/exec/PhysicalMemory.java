package org.hybridbridge.x86.exec;

/**
 * Guest-physical memory, little-endian. Reads outside the RAM return all ones and writes there
 * are dropped, as on a bus with nothing behind it; {@link #contains} tells RAM apart.
 */
public interface PhysicalMemory {

    /** The {@link #writeGeneration} of memory that does not count writes. */
    long UNCOUNTED = -1;

    /** @return the value of {@code size} bytes (1, 2, 4 or 8) at {@code address}, zero-extended */
    long read(long address, int size);

    /** Writes the low {@code size} bytes (1, 2, 4 or 8) of {@code value} at {@code address}. */
    void write(long address, int size, long value);

    /** Copies {@code length} bytes at {@code address} into {@code target[offset..]}. */
    void read(long address, byte[] target, int offset, int length);

    /** Copies {@code source[offset..offset+length)} to {@code address}. */
    void write(long address, byte[] source, int offset, int length);

    /** @return whether {@code address} is backed by RAM */
    boolean contains(long address);

    /**
     * @return the bytes this memory copied out of a read-only base it overlays (a copy-on-write
     *         overlay's written pages), which a run's budget counts; 0 for memory without a base
     */
    default long copiedBytes() {
        return 0;
    }

    /**
     * A number that changes whenever the bytes of a page may have changed, so that what was
     * derived from them (the engine's decoded instructions) is checked by one compare instead of
     * reading the bytes again (QEMU instead write-protects the pages it translated code from).
     *
     * @param pageNumber the guest-physical address of a 4 KiB page, shifted right by 12
     * @return a non-negative generation of the page, or {@link #UNCOUNTED} if this memory does not
     *         count its writes (its bytes may change behind its back: memory KVM runs the guest in)
     */
    default long writeGeneration(long pageNumber) {
        return UNCOUNTED;
    }
}
