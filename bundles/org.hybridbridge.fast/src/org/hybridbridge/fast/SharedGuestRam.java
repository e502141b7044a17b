package org.hybridbridge.fast;

import java.util.ArrayList;
import java.util.List;

import org.hybridbridge.kvm.GuestMemory;
import org.hybridbridge.x86.exec.PhysicalMemory;

/**
 * The guest's physical memory as the x86 engine sees it: the very host mappings KVM runs the
 * guest on, one per memory slot (the SVM's RAM at guest-physical 0; for a redirected run the
 * GVM's RAM and the VMM's own pages higher up, {@link GuestPhysicalLayout}), so an instruction
 * handed to the engine reads and writes what the vCPU does, with nothing copied either way.
 * Where no slot is, the bus reads all ones and drops writes.
 */
final class SharedGuestRam implements PhysicalMemory {

    /** One memory slot: {@code memory} at guest-physical {@code base}. */
    record Slot(long base, GuestMemory memory) {

        boolean holds(long address, int size) {
            return address - base >= 0 && address - base + size <= memory.size();
        }
    }

    private final List<Slot> slots = new ArrayList<>();

    /** @param ram the SVM's RAM, slot 0 at guest-physical 0 */
    SharedGuestRam(GuestMemory ram) {
        slots.add(new Slot(0, ram));
    }

    /** Adds {@code memory} at guest-physical {@code base}; slots must not overlap. */
    void addSlot(long base, GuestMemory memory) {
        for (Slot slot : slots) {
            if (base < slot.base() + slot.memory().size() && slot.base() < base + memory.size()) {
                throw new IllegalArgumentException(String.format("a slot at %#x overlaps the one at %#x", base,
                        slot.base()));
            }
        }
        slots.add(new Slot(base, memory));
    }

    /** @return the slots in the order added, slot 0 first */
    List<Slot> slots() {
        return List.copyOf(slots);
    }

    @Override
    public long read(long address, int size) {
        Slot slot = slotOf(address, size);
        if (slot == null) {
            return size == 8 ? -1L : (1L << 8 * size) - 1;
        }
        long offset = address - slot.base();
        if (size == Long.BYTES) {
            return slot.memory().getLong(offset);
        }
        byte[] bytes = slot.memory().getBytes(offset, size);
        long value = 0;
        for (int i = size - 1; i >= 0; i--) {
            value = value << 8 | bytes[i] & 0xFF;
        }
        return value;
    }

    @Override
    public void write(long address, int size, long value) {
        Slot slot = slotOf(address, size);
        if (slot == null) {
            return;
        }
        long offset = address - slot.base();
        if (size == Long.BYTES) {
            slot.memory().putLong(offset, value);
            return;
        }
        byte[] bytes = new byte[size];
        for (int i = 0; i < size; i++) {
            bytes[i] = (byte) (value >>> 8 * i);
        }
        slot.memory().putBytes(offset, bytes);
    }

    @Override
    public void read(long address, byte[] target, int offset, int length) {
        for (int i = 0; i < length;) {
            Slot slot = slotOf(address + i, 1);
            if (slot == null) {
                target[offset + i++] = (byte) 0xFF;
                continue;
            }
            int inside = (int) Math.min(length - i, slot.memory().size() - (address + i - slot.base()));
            slot.memory().getBytes(address + i - slot.base(), target, offset + i, inside);
            i += inside;
        }
    }

    @Override
    public void write(long address, byte[] source, int offset, int length) {
        for (int i = 0; i < length;) {
            Slot slot = slotOf(address + i, 1);
            if (slot == null) {
                i++;
                continue;
            }
            int inside = (int) Math.min(length - i, slot.memory().size() - (address + i - slot.base()));
            slot.memory().putBytes(address + i - slot.base(), source, offset + i, inside);
            i += inside;
        }
    }

    @Override
    public boolean contains(long address) {
        return slotOf(address, 1) != null;
    }

    private Slot slotOf(long address, int size) {
        for (int i = 0; i < slots.size(); i++) {
            Slot slot = slots.get(i);
            if (slot.holds(address, size)) {
                return slot;
            }
        }
        return null;
    }
}
