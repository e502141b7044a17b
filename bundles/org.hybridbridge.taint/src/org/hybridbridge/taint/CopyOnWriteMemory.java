package org.hybridbridge.taint;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

import org.hybridbridge.x86.exec.Mmu;
import org.hybridbridge.x86.exec.PhysicalMemory;

/**
 * Guest-physical memory over a read-only base (a snapshot's memory): a 4 KiB page is copied
 * on its first write, and from then on read and written in the copy. The base is never
 * written, so a snapshot file stays as it was taken however the run changes its memory. The
 * SVM runs over one overlay of its run-start snapshot, the GVM image is served through another
 * (DESIGN.md 3.3). An access within one page allocates nothing: the copies are found by page
 * number and read and written in place. Writes are counted per page ({@link #writeGeneration}):
 * the base never changes, so a page never written stays at generation 0.
 */
public final class CopyOnWriteMemory implements PhysicalMemory {

    private static final int PAGE_SHIFT = 12;
    private static final int PAGE_SIZE = 1 << PAGE_SHIFT;
    private static final long OFFSET_MASK = PAGE_SIZE - 1;

    private static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class,
            ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class,
            ByteOrder.LITTLE_ENDIAN);

    /** Page numbers of guest-physical addresses below 2^40, the CPU model's MAXPHYADDR: RAM lies there. */
    private static final int PAGE_NUMBER_BITS = Mmu.PHYSICAL_ADDRESS_BITS - PAGE_SHIFT;
    private static final int LOW_BITS = PAGE_NUMBER_BITS / 2;
    private static final int LOW_MASK = (1 << LOW_BITS) - 1;

    private final PhysicalMemory base;
    /**
     * The written pages' copies by page number, in a two-level table of typed arrays (two indexes,
     * no hashing, no casts: every access and every instruction fetch looks a page up here); a page
     * never written has none.
     */
    private final byte[][][] copies = new byte[1 << (PAGE_NUMBER_BITS - LOW_BITS)][][];
    /** The writes to each copied page, in a table of the same shape. */
    private final long[][] writes = new long[1 << (PAGE_NUMBER_BITS - LOW_BITS)][];
    private int copiedPages;

    public CopyOnWriteMemory(PhysicalMemory base) {
        this.base = base;
    }

    @Override
    public long read(long address, int size) {
        if (crossesPage(address, size)) {
            return readBytewise(address, size);
        }
        byte[] copy = copy(address >>> PAGE_SHIFT);
        if (copy == null) {
            return base.read(address, size);
        }
        int at = (int) (address & OFFSET_MASK);
        return switch (size) {
            case 1 -> copy[at] & 0xFFL;
            case 2 -> (short) SHORT.get(copy, at) & 0xFFFFL;
            case 4 -> (int) INT.get(copy, at) & 0xFFFF_FFFFL;
            case 8 -> (long) LONG.get(copy, at);
            default -> readBytewise(address, size);
        };
    }

    @Override
    public void write(long address, int size, long value) {
        if (crossesPage(address, size) || Integer.bitCount(size) != 1 || size > 8) {
            for (int i = 0; i < size; i++) {
                write(address + i, 1, value >>> (8 * i));
            }
            return;
        }
        if (!base.contains(address)) { // writes where no RAM is are dropped, as on the bus
            return;
        }
        byte[] copy = written(address >>> PAGE_SHIFT);
        int at = (int) (address & OFFSET_MASK);
        switch (size) {
            case 1 -> copy[at] = (byte) value;
            case 2 -> SHORT.set(copy, at, (short) value);
            case 4 -> INT.set(copy, at, (int) value);
            default -> LONG.set(copy, at, value);
        }
    }

    /** An access across two pages (or of an odd size), byte by byte: each byte from its own page. */
    private long readBytewise(long address, int size) {
        long value = 0;
        for (int i = size - 1; i >= 0; i--) {
            value = (value << 8) | read(address + i, 1);
        }
        return value;
    }

    @Override
    public void read(long address, byte[] target, int offset, int length) {
        for (int done = 0; done < length;) {
            long at = address + done;
            int chunk = chunk(at, length - done);
            byte[] copy = copy(at >>> PAGE_SHIFT);
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
                System.arraycopy(source, offset + done, written(at >>> PAGE_SHIFT), (int) (at & OFFSET_MASK), chunk);
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
        return (long) copiedPages * PAGE_SIZE;
    }

    @Override
    public long writeGeneration(long pageNumber) {
        if (pageNumber >>> PAGE_NUMBER_BITS != 0) {
            return 0;
        }
        long[] table = writes[(int) (pageNumber >>> LOW_BITS)];
        return table == null ? 0 : table[(int) pageNumber & LOW_MASK];
    }

    /** @return how many pages have been written, and so copied */
    public int copiedPages() {
        return copiedPages;
    }

    /** @return the copy of page {@code pageNumber}, or {@code null} if it was never written */
    private byte[] copy(long pageNumber) {
        if (pageNumber >>> PAGE_NUMBER_BITS != 0) {
            return null;
        }
        byte[][] table = copies[(int) (pageNumber >>> LOW_BITS)];
        return table == null ? null : table[(int) pageNumber & LOW_MASK];
    }

    /** @return the copy of page {@code pageNumber} about to be written, its write counted */
    private byte[] written(long pageNumber) {
        byte[] copy = copyOf(pageNumber);
        writes[(int) (pageNumber >>> LOW_BITS)][(int) pageNumber & LOW_MASK]++;
        return copy;
    }

    /** @return the copy of page {@code pageNumber}, made from the base on its first write */
    private byte[] copyOf(long pageNumber) {
        byte[] page = copy(pageNumber);
        if (page == null) {
            if (pageNumber >>> PAGE_NUMBER_BITS != 0) {
                throw new IllegalStateException(String.format("RAM at guest-physical %#x, beyond %d bits",
                        pageNumber << PAGE_SHIFT, Mmu.PHYSICAL_ADDRESS_BITS));
            }
            byte[][] table = copies[(int) (pageNumber >>> LOW_BITS)];
            if (table == null) {
                table = new byte[LOW_MASK + 1][];
                copies[(int) (pageNumber >>> LOW_BITS)] = table;
                writes[(int) (pageNumber >>> LOW_BITS)] = new long[LOW_MASK + 1];
            }
            page = new byte[PAGE_SIZE];
            base.read(pageNumber << PAGE_SHIFT, page, 0, PAGE_SIZE);
            table[(int) pageNumber & LOW_MASK] = page;
            copiedPages++;
        }
        return page;
    }

    private static int chunk(long address, int remaining) {
        return (int) Math.min(remaining, PAGE_SIZE - (address & OFFSET_MASK));
    }

    private static boolean crossesPage(long address, int size) {
        return (address & OFFSET_MASK) + size > PAGE_SIZE;
    }
}
