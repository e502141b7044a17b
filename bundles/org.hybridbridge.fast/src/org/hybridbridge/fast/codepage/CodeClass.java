package org.hybridbridge.fast.codepage;

import org.hybridbridge.taint.metadata.AccessClass;

/** What the meta-data says of one instruction of a code page. */
public enum CodeClass {
    /** Recorded R: its accesses are served by the GVM. */
    R,
    /** Recorded NR: served by the SVM. */
    NR,
    /** Recorded both ways: decided by the effective address when it runs. */
    MIXED,
    /** It accesses memory but no run has recorded it: running it means learning it (fallback). */
    UNKNOWN,
    /** It accesses no memory ({@code lea}, arithmetic on registers, jumps): it runs alike in either view. */
    NO_ACCESS;

    /** @return the class of a recorded instruction */
    public static CodeClass of(AccessClass recorded) {
        return switch (recorded) {
        case R -> R;
        case NR -> NR;
        case MIXED -> MIXED;
        };
    }

    /** @return how a listing shows it: R, NR, MIXED, {@code ?} for unknown, nothing for no access */
    public String label() {
        return switch (this) {
        case UNKNOWN -> "?";
        case NO_ACCESS -> "";
        default -> name();
        };
    }
}
