package org.hybridbridge.core.fuzz;

import java.util.BitSet;

import org.hybridbridge.x86.exec.PhysicalMemory;

/** Physical memory that notes which pages were read: the pages a clean run depends on, which the fuzzer damages. */
final class PageRecorder implements PhysicalMemory {

    private static final int PAGE_SHIFT = 12;

    private final PhysicalMemory memory;
    private final BitSet pagesRead;

    /** Records into {@code pagesRead} (shared by the runs of several utilities). */
    PageRecorder(PhysicalMemory memory, BitSet pagesRead) {
        this.memory = memory;
        this.pagesRead = pagesRead;
    }

    @Override
    public long read(long address, int size) {
        pagesRead.set((int) (address >>> PAGE_SHIFT));
        return memory.read(address, size);
    }

    @Override
    public void read(long address, byte[] target, int offset, int length) {
        if (length > 0) {
            pagesRead.set((int) (address >>> PAGE_SHIFT), (int) ((address + length - 1) >>> PAGE_SHIFT) + 1);
        }
        memory.read(address, target, offset, length);
    }

    @Override
    public void write(long address, int size, long value) {
        memory.write(address, size, value);
    }

    @Override
    public void write(long address, byte[] source, int offset, int length) {
        memory.write(address, source, offset, length);
    }

    @Override
    public boolean contains(long address) {
        return memory.contains(address);
    }
}
