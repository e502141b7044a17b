package org.hybridbridge.x86.exec;

/**
 * An IEEE-754 format of an SSE lane, binary32 or binary64, seen as raw bits: the NaN rules of
 * the SDM (table 4-7) need the bits, not Java's canonical NaN.
 */
enum FloatFormat {
    SINGLE(32, 23), DOUBLE(64, 52);

    final int bits;
    private final int fractionBits;
    private final long exponentMask;
    private final long fractionMask;

    FloatFormat(int bits, int fractionBits) {
        this.bits = bits;
        this.fractionBits = fractionBits;
        this.fractionMask = (1L << fractionBits) - 1;
        this.exponentMask = Execution.mask(-1L, bits - 1) & ~fractionMask;
    }

    boolean isNaN(long value) {
        return (value & exponentMask) == exponentMask && (value & fractionMask) != 0;
    }

    boolean isSignalingNaN(long value) {
        return isNaN(value) && (value & quietBit()) == 0;
    }

    /** @return a NaN with its quiet bit set (an SNaN operand becomes the QNaN result) */
    long quiet(long value) {
        return value | quietBit();
    }

    /** @return the "real indefinite" QNaN an invalid operation returns: sign set, quiet bit only */
    long defaultNaN() {
        return signBit() | exponentMask | quietBit();
    }

    boolean isDenormal(long value) {
        return (value & exponentMask) == 0 && (value & fractionMask) != 0;
    }

    /** @return the value, exactly (every binary32 is a binary64); NaNs must be handled before */
    double toDouble(long value) {
        return this == SINGLE ? Float.intBitsToFloat((int) value) : Double.longBitsToDouble(value);
    }

    /**
     * @return {@code value} rounded to nearest-even in this format. For binary32, rounding the
     *         double result of +, -, *, / or sqrt of binary32 operands again gives the correctly
     *         rounded binary32 result (53 >= 2 * 24 + 2 bits).
     */
    long fromDouble(double value) {
        return this == SINGLE ? Float.floatToRawIntBits((float) value) & 0xFFFF_FFFFL
                : Double.doubleToRawLongBits(value);
    }

    /** @return the smallest positive normal value, below which a result is tiny */
    double minNormal() {
        return this == SINGLE ? Float.MIN_NORMAL : Double.MIN_NORMAL;
    }

    /**
     * @return the NaN {@code value} of {@code from} in this format: sign and the top fraction bits
     *         kept, as the CPU converts
     */
    long convertNaN(long value, FloatFormat from) {
        long sign = value >>> (from.bits - 1) & 1;
        long fraction = value & from.fractionMask;
        int shift = from.fractionBits - fractionBits;
        long converted = shift >= 0 ? fraction >>> shift : fraction << -shift;
        return quiet(sign << (bits - 1) | exponentMask | converted & fractionMask);
    }

    private long quietBit() {
        return 1L << (fractionBits - 1);
    }

    private long signBit() {
        return 1L << (bits - 1);
    }
}
