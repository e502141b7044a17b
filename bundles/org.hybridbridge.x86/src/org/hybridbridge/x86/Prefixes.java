package org.hybridbridge.x86;

import java.util.List;
import java.util.Optional;

/**
 * The prefixes of a decoded instruction. The flags say what the prefixes mean for this
 * instruction: an F3, F2 or 66 that selects the instruction itself ({@code movss},
 * {@code pause}, {@code popcnt}, {@code movdqa}) is not reported as a repeat or an operand-size
 * override, but still appears in {@link #legacyBytes()}, which keeps every legacy prefix byte in
 * encoding order.
 *
 * @param lock                LOCK (F0)
 * @param rep                 REP/REPE (F3), when it is not a mandatory prefix
 * @param repne               REPNE (F2), when it is not a mandatory prefix (objdump's {@code bnd} on branches)
 * @param operandSizeOverride 66, when it is not a mandatory prefix
 * @param addressSizeOverride 67
 * @param segment             the segment override in effect: the last FS or GS prefix, or
 *                            {@code null} (CS, DS, ES and SS overrides have no effect in long
 *                            mode; they stay in {@link #legacyBytes()})
 * @param rex                 the REX byte (0x40..0x4F), or 0 when there is none
 * @param legacyBytes         all legacy prefix bytes in encoding order
 */
public record Prefixes(boolean lock, boolean rep, boolean repne, boolean operandSizeOverride,
        boolean addressSizeOverride, Register segment, int rex, List<Integer> legacyBytes) {

    /** Copies {@code legacyBytes}, so the record stays immutable. */
    public Prefixes {
        legacyBytes = List.copyOf(legacyBytes);
    }

    /** @return the FS or GS override, if any */
    public Optional<Register> segmentOverride() {
        return Optional.ofNullable(segment);
    }

    /** @return whether a REX prefix is present */
    public boolean hasRex() {
        return rex != 0;
    }

    /** @return REX.W: 64-bit operand size */
    public boolean rexW() {
        return (rex & 8) != 0;
    }

    /** @return REX.R: extends ModRM.reg */
    public boolean rexR() {
        return (rex & 4) != 0;
    }

    /** @return REX.X: extends SIB.index */
    public boolean rexX() {
        return (rex & 2) != 0;
    }

    /** @return REX.B: extends ModRM.rm, SIB.base or the opcode's register */
    public boolean rexB() {
        return (rex & 1) != 0;
    }
}
