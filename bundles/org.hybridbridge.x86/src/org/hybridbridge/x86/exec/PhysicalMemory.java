package org.hybridbridge.x86.exec;

/**
 * Guest-physical memory, little-endian. Reads outside the RAM return all ones and writes there
 * are dropped, as on a bus with nothing behind it; {@link #contains} tells RAM apart.
 */
public interface PhysicalMemory {

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
}
