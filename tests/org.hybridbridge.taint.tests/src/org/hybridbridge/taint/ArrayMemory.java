package org.hybridbridge.taint;

import org.hybridbridge.x86.exec.PhysicalMemory;

/** RAM at {@code [0, size)} in an array, for tests; it counts the writes it receives. */
final class ArrayMemory implements PhysicalMemory {

    final byte[] bytes;
    int writes;

    ArrayMemory(int size) {
        bytes = new byte[size];
    }

    @Override
    public long read(long address, int size) {
        long value = 0;
        for (int i = size - 1; i >= 0; i--) {
            value = (value << 8) | (contains(address + i) ? bytes[(int) (address + i)] & 0xFF : 0xFF);
        }
        return value;
    }

    @Override
    public void write(long address, int size, long value) {
        writes++;
        for (int i = 0; i < size; i++) {
            if (contains(address + i)) {
                bytes[(int) (address + i)] = (byte) (value >>> (8 * i));
            }
        }
    }

    @Override
    public void read(long address, byte[] target, int offset, int length) {
        for (int i = 0; i < length; i++) {
            target[offset + i] = contains(address + i) ? bytes[(int) (address + i)] : (byte) 0xFF;
        }
    }

    @Override
    public void write(long address, byte[] source, int offset, int length) {
        writes++;
        for (int i = 0; i < length; i++) {
            if (contains(address + i)) {
                bytes[(int) (address + i)] = source[offset + i];
            }
        }
    }

    @Override
    public boolean contains(long address) {
        return address >= 0 && address < bytes.length;
    }
}
