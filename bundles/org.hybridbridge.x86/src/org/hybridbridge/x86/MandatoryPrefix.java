package org.hybridbridge.x86;

/**
 * The prefix an opcode table entry requires: SSE instructions and a few others ({@code pause},
 * {@code popcnt}, {@code endbr64}) are told apart by 66, F3 or F2 in front of the opcode. An
 * entry with {@link #NONE} requires none and leaves such prefixes their legacy meaning.
 */
enum MandatoryPrefix {
    NONE(0),
    P66(0x66),
    PF3(0xF3),
    PF2(0xF2);

    final int value;

    MandatoryPrefix(int value) {
        this.value = value;
    }

    static MandatoryPrefix of(int prefixByte) {
        for (MandatoryPrefix prefix : values()) {
            if (prefix.value == prefixByte) {
                return prefix;
            }
        }
        throw new IllegalArgumentException("not a mandatory prefix: " + Integer.toHexString(prefixByte));
    }
}
