package org.hybridbridge.x86.exec;

import java.util.function.IntToLongFunction;
import java.util.function.LongBinaryOperator;

/**
 * A 128-bit SSE value, as lanes of 8, 16, 32 or 64 bits (lane 0 is the least significant).
 *
 * @param low  bits 0..63
 * @param high bits 64..127
 */
record Xmm(long low, long high) {

    static final Xmm ZERO = new Xmm(0, 0);

    /** @return lane {@code index} of {@code bits} bits, zero-extended */
    long lane(int bits, int index) {
        int bit = index * bits;
        long half = bit < 64 ? low : high;
        return Execution.mask(half >>> (bit & 63), bits);
    }

    /** @return lane {@code index} of {@code bits} bits, sign-extended */
    long signedLane(int bits, int index) {
        return Execution.signExtend(lane(bits, index), bits);
    }

    /** @return this value with lane {@code index} of {@code bits} bits replaced by the low bits of {@code value} */
    Xmm withLane(int bits, int index, long value) {
        int bit = index * bits;
        long mask = Execution.mask(-1L, bits) << (bit & 63);
        long shifted = (value << (bit & 63)) & mask;
        return bit < 64 ? new Xmm(low & ~mask | shifted, high) : new Xmm(low, high & ~mask | shifted);
    }

    /** @return a value whose every lane is {@code op} of the two values' lanes */
    static Xmm lanewise(Xmm a, Xmm b, int bits, LongBinaryOperator op) {
        return gather(bits, i -> op.applyAsLong(a.lane(bits, i), b.lane(bits, i)));
    }

    /**
     * @return a value whose lane {@code i} of {@code bits} bits is the low bits of
     *         {@code lane.applyAsLong(i)}: the lanes gathered in two words, one value made (a
     *         {@link #withLane} per lane made one per lane)
     */
    static Xmm gather(int bits, IntToLongFunction lane) {
        long low = 0, high = 0;
        for (int i = 0; i < 128 / bits; i++) {
            long placed = Execution.mask(lane.applyAsLong(i), bits) << (i * bits & 63);
            if (i * bits < 64) {
                low |= placed;
            } else {
                high |= placed;
            }
        }
        return new Xmm(low, high);
    }

    /** @return the 16 bytes, little-endian */
    byte[] toBytes() {
        byte[] bytes = new byte[16];
        for (int i = 0; i < 16; i++) {
            bytes[i] = (byte) lane(8, i);
        }
        return bytes;
    }

    static Xmm fromBytes(byte[] bytes) {
        long low = 0, high = 0;
        for (int i = 7; i >= 0; i--) {
            low = low << 8 | bytes[i] & 0xFF;
            high = high << 8 | bytes[8 + i] & 0xFF;
        }
        return new Xmm(low, high);
    }
}
