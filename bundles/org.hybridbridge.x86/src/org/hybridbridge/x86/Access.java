package org.hybridbridge.x86;

/** What an instruction does with one of its operands. */
public enum Access {
    /** The operand's value is read. */
    READ,
    /** The operand is overwritten without being read. */
    WRITE,
    /** The operand is read, then written. */
    READ_WRITE,
    /**
     * Only the operand's address is used ({@code lea}, {@code nop}, prefetches, {@code invlpg},
     * {@code clflush}): no data flows through it.
     */
    ADDRESS;

    /** @return whether the operand's value is read */
    public boolean reads() {
        return this == READ || this == READ_WRITE;
    }

    /** @return whether the operand is written */
    public boolean writes() {
        return this == WRITE || this == READ_WRITE;
    }
}
