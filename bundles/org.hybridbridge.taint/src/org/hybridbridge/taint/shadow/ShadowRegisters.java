package org.hybridbridge.taint.shadow;

import java.util.Arrays;

/**
 * A label per byte of each of the 16 general-purpose registers (libdft's shadow registers), so
 * that writing {@code %al} leaves the taint of the other seven bytes of {@code %rax} and reading
 * {@code %al} sees only its own: an 8- or 16-bit write changes its bytes only, a 32-bit write
 * zero-extends (the upper four bytes become clean, as the CPU clears them), and a read is the
 * union of the bytes of its width. {@code %ah}..{@code %bh} are byte 1. RSP is never tainted.
 * The union of all eight bytes is kept per register, as most reads are of a whole register
 * (addresses, 64-bit operands) and most writes of 32 or 64 bits, which make it at no cost.
 */
final class ShadowRegisters {

    static final int RSP = 4;

    private final LabelSets sets;
    private final int[] bytes = new int[16 * 8];
    private final int[] whole = new int[16];

    ShadowRegisters(LabelSets sets) {
        this.sets = sets;
    }

    void clear() {
        Arrays.fill(bytes, 0);
        Arrays.fill(whole, 0);
    }

    /** @return the union of the labels of bytes {@code [offset, offset + width)} of register {@code number} */
    int read(int number, int offset, int width) {
        if (width == 8 || whole[number] == 0) {
            return whole[number];
        }
        return union(8 * number + offset, width);
    }

    private int union(int at, int width) {
        int label = bytes[at];
        for (int i = 1; i < width; i++) {
            label = sets.union(label, bytes[at + i]);
        }
        return label;
    }

    /** @return the union of the labels of all of register {@code number} */
    int full(int number) {
        return whole[number];
    }

    /** Gives bytes {@code [offset, offset + width)} of register {@code number} {@code label}, as a write of that width. */
    void write(int number, int offset, int width, int label) {
        if (number == RSP) {
            return;
        }
        int at = 8 * number;
        Arrays.fill(bytes, at + offset, at + offset + width, label);
        if (width == 4) {
            Arrays.fill(bytes, at + 4, at + 8, 0);
        }
        whole[number] = width >= 4 ? label : union(at, 8);
    }
}
