package org.hybridbridge.taint;

import java.util.HashMap;
import java.util.Map;

import org.hybridbridge.x86.exec.PhysicalMemory;

/**
 * Guest-physical memory over a read-only base (a snapshot's memory): a 4 KiB page is copied
 * on its first write, and from then on read and written in the copy. The base is never
 * written, so a snapshot file stays as it was taken however the run changes its memory. The
 * SVM runs over one overlay of its run-start snapshot, the GVM image is served through another
 * (DESIGN.md 3.3).
 */
public final class CopyOnWriteMemory implements PhysicalMemory {

    private static final int PAGE_SHIFT = 12;
    private static final int PAGE_SIZE = 1 << PAGE_SHIFT;
    private static final long OFFSET_MASK = PAGE_SIZE - 1;

    private final PhysicalMemory base;
    private final Map<Long, byte[]> copies = new HashMap<>();

    public CopyOnWriteMemory(PhysicalMemory base) {
        this.base = base;
    }

    @Override
    public long read(long address, int size) {
        if (copies.isEmpty() || (!crossesPage(address, size) && !copies.containsKey(address >>> PAGE_SHIFT))) {
            return base.read(address, size);
        }
        byte[] bytes = new byte[size];
        read(address, bytes, 0, size);
        long value = 0;
        for (int i = size - 1; i >= 0; i--) {
            value = (value << 8) | (bytes[i] & 0xFF);
        }
        return value;
    }

    @Override
    public void write(long address, int size, long value) {
        byte[] bytes = new byte[size];
        for (int i = 0; i < size; i++) {
            bytes[i] = (byte) (value >>> (8 * i));
        }
        write(address, bytes, 0, size);
    }

    @Override
    public void read(long address, byte[] target, int offset, int length) {
        for (int done = 0; done < length;) {
            long at = address + done;
            int chunk = chunk(at, length - done);
            byte[] copy = copies.get(at >>> PAGE_SHIFT);
            if (copy != null) {
                System.arraycopy(copy, (int) (at & OFFSET_MASK), target, offset + done, chunk);
            } else {
                base.read(at, target, offset + done, chunk);
            }
            done += chunk;
        }
    }

    @Override
    public void write(long address, byte[] source, int offset, int length) {
        for (int done = 0; done < length;) {
            long at = address + done;
            int chunk = chunk(at, length - done);
            if (base.contains(at)) { // writes where no RAM is are dropped, as on the bus
                System.arraycopy(source, offset + done, copyOf(at >>> PAGE_SHIFT), (int) (at & OFFSET_MASK), chunk);
            }
            done += chunk;
        }
    }

    @Override
    public boolean contains(long address) {
        return base.contains(address);
    }

    @Override
    public long copiedBytes() {
        return (long) copies.size() * PAGE_SIZE;
    }

    /** @return how many pages have been written, and so copied */
    public int copiedPages() {
        return copies.size();
    }

    private byte[] copyOf(long pageNumber) {
        return copies.computeIfAbsent(pageNumber, number -> {
            byte[] page = new byte[PAGE_SIZE];
            base.read(number << PAGE_SHIFT, page, 0, PAGE_SIZE);
            return page;
        });
    }

    private static int chunk(long address, int remaining) {
        return (int) Math.min(remaining, PAGE_SIZE - (address & OFFSET_MASK));
    }

    private static boolean crossesPage(long address, int size) {
        return (address & OFFSET_MASK) + size > PAGE_SIZE;
    }
}
