package org.hybridbridge.fast.codepage;

import java.util.List;

/**
 * One kernel text page and its two patched copies (DESIGN.md 3.4), with the instructions that
 * align them.
 *
 * @param address  the page's kernel virtual address (4 KiB aligned)
 * @param original its bytes as the kernel's text has them
 * @param nr       the NR copy: {@code int3} on each R, MIXED or unknown instruction
 * @param r        the R copy: {@code int3} on each unknown instruction and each NR instruction
 *                 that may touch SVM kernel memory other than the stack
 * @param lines    the instructions that overlap the page, by address
 */
public record CodePage(long address, byte[] original, byte[] nr, byte[] r, List<CodeLine> lines) {

    /** The size of a page of kernel text. */
    public static final int SIZE = 4096;

    public CodePage {
        original = original.clone();
        nr = nr.clone();
        r = r.clone();
        lines = List.copyOf(lines);
    }

    @Override
    public byte[] original() {
        return original.clone();
    }

    @Override
    public byte[] nr() {
        return nr.clone();
    }

    @Override
    public byte[] r() {
        return r.clone();
    }

    /** @return the address of the page holding {@code address} */
    public static long pageOf(long address) {
        return address & -SIZE;
    }

    /** @return the lines of the instructions that start at {@code from} (inclusive) to {@code to} (exclusive) */
    public List<CodeLine> linesBetween(long from, long to) {
        return lines.stream().filter(line -> Long.compareUnsigned(line.address(), from) >= 0
                && Long.compareUnsigned(line.address(), to) < 0).toList();
    }
}
