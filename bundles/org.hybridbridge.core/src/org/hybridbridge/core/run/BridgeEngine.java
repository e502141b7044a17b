package org.hybridbridge.core.run;

/** The engines that run a utility redirected to a GVM snapshot: the Runs view's choice. */
public enum BridgeEngine {
    /** Slow-Bridge: taint analysis decides each access and learns meta-data (DESIGN.md 3.3). */
    slow,
    /** The software fast path: the meta-data decides, Slow-Bridge learns what it lacks ({@link MemoRun}). */
    memo,
    /**
     * Fast-Bridge: the SVM's kernel deprivileged on KVM, the meta-data patched into code copies
     * (DESIGN.md 3.4); on the engine standing in for KVM where there is no {@code /dev/kvm}.
     */
    fast
}
