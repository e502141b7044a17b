package org.hybridbridge.taint.shadow;

import java.util.ArrayDeque;
import java.util.Arrays;

import org.hybridbridge.taint.PageDirectory;

/**
 * A taint label per byte of one memory image, kept sparsely: a page of labels exists only once
 * a byte of that page was tainted, found through a {@link PageDirectory} (libdft's tagmap).
 * Keyed by linear address, because within one system call the kernel's address space of an
 * image does not change (one CR3 per image).
 */
final class ShadowMemory {

    private static final int PAGE_SHIFT = 12;
    private static final int PAGE_SIZE = 1 << PAGE_SHIFT;
    private static final long OFFSET_MASK = PAGE_SIZE - 1;

    /** Page numbers of 57-bit linear addresses (5-level paging), the sign extension above them dropped. */
    private static final int PAGE_NUMBER_BITS = 57 - PAGE_SHIFT;
    private static final long PAGE_NUMBER_MASK = (1L << PAGE_NUMBER_BITS) - 1;

    private final LabelSets sets;
    private final PageDirectory<int[]> pages = new PageDirectory<>(PAGE_NUMBER_BITS);
    /** The page numbers with labels, so a clear visits them only. */
    private long[] used = new long[64];
    private int usedCount;
    /** Pages of labels cleared at the start of a system call, zeroed, to be used again rather than allocated. */
    private final ArrayDeque<int[]> spare = new ArrayDeque<>();

    ShadowMemory(LabelSets sets) {
        this.sets = sets;
    }

    /** @return the bytes the label pages take */
    long bytes() {
        return (long) usedCount * PAGE_SIZE * Integer.BYTES;
    }

    /** @return the union of the labels of {@code [address, address + size)} (0 when all are clean) */
    int label(long address, long size) {
        int label = 0;
        for (long done = 0; done < size;) { // a page looked up once per page, not per byte
            long at = address + done;
            int offset = (int) (at & OFFSET_MASK);
            int chunk = (int) Math.min(size - done, PAGE_SIZE - offset);
            int[] page = pages.get(pageNumber(at));
            for (int i = 0; page != null && i < chunk; i++) {
                label = sets.union(label, page[offset + i]);
            }
            done += chunk;
        }
        return label;
    }

    /** Gives every byte of {@code [address, address + size)} {@code label} (0 cleans them). */
    void set(long address, long size, int label) {
        for (long done = 0; done < size;) {
            long at = address + done;
            int offset = (int) (at & OFFSET_MASK);
            int chunk = (int) Math.min(size - done, PAGE_SIZE - offset);
            int[] page = pages.get(pageNumber(at));
            if (page == null && label != 0) {
                page = newPage(pageNumber(at));
            }
            if (page != null) {
                Arrays.fill(page, offset, offset + chunk, label);
            }
            done += chunk;
        }
    }

    /** Copies the labels of {@code size} bytes from {@code source} in {@code from} to {@code target} here. */
    void copy(ShadowMemory from, long source, long target, long size) {
        for (long i = 0; i < size; i++) {
            set(target + i, 1, from.label(source + i, 1));
        }
    }

    void clear() {
        for (int i = 0; i < usedCount; i++) {
            int[] page = pages.get(used[i]);
            Arrays.fill(page, 0);
            spare.push(page);
            pages.put(used[i], null);
        }
        usedCount = 0;
    }

    private int[] newPage(long pageNumber) {
        int[] page = spare.isEmpty() ? new int[PAGE_SIZE] : spare.pop();
        pages.put(pageNumber, page);
        if (usedCount == used.length) {
            used = Arrays.copyOf(used, 2 * usedCount);
        }
        used[usedCount++] = pageNumber;
        return page;
    }

    private static long pageNumber(long address) {
        return (address >>> PAGE_SHIFT) & PAGE_NUMBER_MASK;
    }
}
