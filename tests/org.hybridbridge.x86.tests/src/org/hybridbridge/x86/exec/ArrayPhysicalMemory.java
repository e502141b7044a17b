package org.hybridbridge.x86.exec;

import java.util.Arrays;

/**
 * Guest-physical memory in one array, from address 0: what the tests build page tables in. It
 * counts writes per page if asked to, as the copy-on-write overlay the runs use does, so that the
 * engine's two ways of checking its decoded code (by generation, by bytes) are both tested.
 */
public final class ArrayPhysicalMemory implements PhysicalMemory {

    private final byte[] bytes;
    /** Writes per page, or {@code null} if not counted. */
    private final long[] writes;

    public ArrayPhysicalMemory(int size) {
        this(size, false);
    }

    public ArrayPhysicalMemory(int size, boolean countsWrites) {
        bytes = new byte[size];
        writes = countsWrites ? new long[(size + 4095) / 4096] : null;
    }

    @Override
    public long read(long address, int size) {
        long value = 0;
        for (int i = size - 1; i >= 0; i--) {
            value = value << 8 | (contains(address + i) ? bytes[(int) (address + i)] & 0xFF : 0xFF);
        }
        return value;
    }

    @Override
    public void write(long address, int size, long value) {
        for (int i = 0; i < size; i++) {
            if (contains(address + i)) {
                bytes[(int) (address + i)] = (byte) (value >>> (8 * i));
                if (writes != null) {
                    writes[(int) ((address + i) >>> 12)]++;
                }
            }
        }
    }

    @Override
    public void read(long address, byte[] target, int offset, int length) {
        for (int i = 0; i < length; i++) {
            target[offset + i] = (byte) read(address + i, 1);
        }
    }

    @Override
    public void write(long address, byte[] source, int offset, int length) {
        for (int i = 0; i < length; i++) {
            write(address + i, 1, source[offset + i]);
        }
    }

    @Override
    public boolean contains(long address) {
        return address >= 0 && address < bytes.length;
    }

    @Override
    public long writeGeneration(long pageNumber) {
        return writes == null ? UNCOUNTED : pageNumber < writes.length ? writes[(int) pageNumber] : 0;
    }

    /** @return a copy of the whole memory, to compare before and after */
    byte[] snapshot() {
        return Arrays.copyOf(bytes, bytes.length);
    }
}
