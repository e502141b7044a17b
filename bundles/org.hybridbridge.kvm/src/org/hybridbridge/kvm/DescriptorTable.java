package org.hybridbridge.kvm;

/**
 * A descriptor-table register (GDTR or IDTR): {@code struct kvm_dtable}.
 *
 * @param base  linear base address of the table
 * @param limit the table's size in bytes minus one (16 bits)
 */
public record DescriptorTable(long base, int limit) {
}
