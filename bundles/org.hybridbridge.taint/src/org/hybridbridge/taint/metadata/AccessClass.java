package org.hybridbridge.taint.metadata;

/** How a kernel instruction's memory accesses were served (DESIGN.md 2). */
public enum AccessClass {
    /** Redirectable: its address derives from taint (kernel globals, per-CPU data): served by the GVM. */
    R,
    /** Non-redirectable: kernel stack, user memory, untainted addresses: served by the SVM. */
    NR,
    /** Seen both ways (over runs or within one). */
    MIXED;

    /** @return the class of an instruction seen as {@code this} and as {@code other} */
    public AccessClass merge(AccessClass other) {
        return this == other ? this : MIXED;
    }
}
