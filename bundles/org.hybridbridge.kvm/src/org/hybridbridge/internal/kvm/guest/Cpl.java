package org.hybridbridge.internal.kvm.guest;

/** The privilege level the guest starts at: kernel (ring 0) or user (ring 3). */
public enum Cpl {
    /** Ring 0: where a kernel runs; emulated by KVM under PVM. */
    CPL0(0),
    /** Ring 3: where user code runs, and where the fast path runs kernel code deprivileged. */
    CPL3(3);

    private final int level;

    Cpl(int level) {
        this.level = level;
    }

    /** 0 or 3: the DPL of its segments and the RPL of its selectors. */
    public int level() {
        return level;
    }
}
