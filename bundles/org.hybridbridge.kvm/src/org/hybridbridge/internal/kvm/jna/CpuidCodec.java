package org.hybridbridge.internal.kvm.jna;

/**
 * Sizes of {@code struct kvm_cpuid2} (a count, padding, then the entries) and of its
 * {@code struct kvm_cpuid_entry2}, checked against linux/kvm.h. The entries travel opaque: KVM
 * hands them out and takes them back unchanged.
 */
public final class CpuidCodec {

    /** {@code sizeof(struct kvm_cpuid2)} without its entries: {@code nent} and padding. */
    public static final int HEADER_SIZE = 8;
    /** {@code sizeof(struct kvm_cpuid_entry2)}. */
    public static final int ENTRY_SIZE = 40;
    /** Room asked of {@code KVM_GET_SUPPORTED_CPUID}: KVM offers about 60 leaves on x86-64. */
    public static final int MAX_ENTRIES = 256;

    private CpuidCodec() {
    }
}
