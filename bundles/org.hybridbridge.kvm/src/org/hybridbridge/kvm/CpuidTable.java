package org.hybridbridge.kvm;

/**
 * CPUID leaves as KVM hands them out ({@link Kvm#supportedCpuid()}) and takes them back
 * ({@link KvmVcpu#setCpuid}): {@code count} raw {@code struct kvm_cpuid_entry2}. A vCPU needs
 * them before it accepts the CR4 bits (OSFXSR, OSXSAVE ...) a Linux kernel runs with.
 */
public record CpuidTable(int count, byte[] entries) {

    public CpuidTable {
        entries = entries.clone();
    }

    @Override
    public byte[] entries() {
        return entries.clone();
    }
}
