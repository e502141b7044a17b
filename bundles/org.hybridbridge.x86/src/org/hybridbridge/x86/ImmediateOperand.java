package org.hybridbridge.x86;

/**
 * An immediate operand.
 *
 * @param value the value, already sign-extended where the encoding says so (e.g. {@code 83 /0 ib}
 *              with operand size 64 holds -1 for {@code ff})
 * @param bits  the width the value is used at: objdump prints it masked to this width
 */
public record ImmediateOperand(long value, int bits) implements Operand {

    @Override
    public Access access() {
        return Access.READ;
    }

    /** @return the value truncated to {@link #bits()}, as an unsigned number */
    public long unsignedValue() {
        return bits >= 64 ? value : value & ((1L << bits) - 1);
    }
}
