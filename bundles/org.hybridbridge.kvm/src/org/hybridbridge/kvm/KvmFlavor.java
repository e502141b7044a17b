package org.hybridbridge.kvm;

/** How this machine's KVM runs guest code at CPL0, as {@link KvmProbe} measured it. */
public enum KvmFlavor {
    /** Hardware virtualization (VMX/SVM): CPL0 runs natively, about as fast as CPL3. */
    HARDWARE("hardware"),
    /** KVM's instruction emulator runs CPL0 (e.g. PVM): orders of magnitude slower than CPL3. */
    EMULATED_CPL0("emulated-CPL0 (PVM)");

    private final String label;

    KvmFlavor(String label) {
        this.label = label;
    }

    /** A short human-readable name. */
    public String label() {
        return label;
    }
}
