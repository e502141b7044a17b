package org.hybridbridge.fast;

import org.hybridbridge.kvm.GuestMemory;
import org.hybridbridge.x86.exec.PhysicalMemory;

/**
 * The guest's RAM as the x86 engine sees it: the very host mapping KVM runs the guest on (slot 0
 * at guest-physical 0), so an instruction handed to the engine reads and writes what the vCPU
 * does, with nothing copied either way.
 */
final class SharedGuestRam implements PhysicalMemory {

    private final GuestMemory memory;

    SharedGuestRam(GuestMemory memory) {
        this.memory = memory;
    }

    @Override
    public long read(long address, int size) {
        if (!contains(address) || !contains(address + size - 1)) {
            return size == 8 ? -1L : (1L << 8 * size) - 1; // nothing behind it: the bus reads all ones
        }
        if (size == Long.BYTES) {
            return memory.getLong(address);
        }
        byte[] bytes = memory.getBytes(address, size);
        long value = 0;
        for (int i = size - 1; i >= 0; i--) {
            value = value << 8 | bytes[i] & 0xFF;
        }
        return value;
    }

    @Override
    public void write(long address, int size, long value) {
        if (!contains(address) || !contains(address + size - 1)) {
            return;
        }
        if (size == Long.BYTES) {
            memory.putLong(address, value);
            return;
        }
        byte[] bytes = new byte[size];
        for (int i = 0; i < size; i++) {
            bytes[i] = (byte) (value >>> 8 * i);
        }
        memory.putBytes(address, bytes);
    }

    @Override
    public void read(long address, byte[] target, int offset, int length) {
        long end = Math.min(address + length, memory.size());
        int inside = address < 0 || address >= memory.size() ? 0 : (int) (end - address);
        if (inside > 0) {
            memory.getBytes(address, target, offset, inside);
        }
        for (int i = Math.max(inside, 0); i < length; i++) {
            target[offset + i] = (byte) 0xFF;
        }
    }

    @Override
    public void write(long address, byte[] source, int offset, int length) {
        long end = Math.min(address + length, memory.size());
        if (address >= 0 && address < memory.size()) {
            memory.putBytes(address, source, offset, (int) (end - address));
        }
    }

    @Override
    public boolean contains(long address) {
        return address >= 0 && address < memory.size();
    }
}
