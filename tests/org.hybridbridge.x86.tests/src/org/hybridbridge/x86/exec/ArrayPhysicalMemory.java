package org.hybridbridge.x86.exec;

import java.util.Arrays;

/** Guest-physical memory in one array, from address 0: what the tests build page tables in. */
public final class ArrayPhysicalMemory implements PhysicalMemory {

    private final byte[] bytes;

    public ArrayPhysicalMemory(int size) {
        bytes = new byte[size];
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

    /** @return a copy of the whole memory, to compare before and after */
    byte[] snapshot() {
        return Arrays.copyOf(bytes, bytes.length);
    }
}
