package org.hybridbridge.fast;

/**
 * Where a redirected run's memory slots sit in guest-physical space (DESIGN.md 3.4): the SVM's
 * RAM from 0, the GVM's RAM from {@link #GVM_BASE} (each of its ranges at the base plus its own
 * guest-physical address, so the GVM's page tables relocate by one constant), the VMM's own pages
 * (view page tables, code-page copies) from {@link #VMM_BASE}. Both bases are far above any RAM
 * these guests have and well below this host's 46 physical address bits.
 */
final class GuestPhysicalLayout {

    /** 64 GiB. */
    static final long GVM_BASE = 1L << 36;
    /** 128 GiB. */
    static final long VMM_BASE = 1L << 37;
    /** Reserved for the VMM's pages; the host commits only what is touched. */
    static final long VMM_SIZE = 512L << 20;

    private GuestPhysicalLayout() {
    }
}
