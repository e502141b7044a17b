package org.hybridbridge.kvm;

/**
 * A segment register with its hidden descriptor cache: {@code struct kvm_segment}.
 *
 * @param base     linear base address
 * @param limit    limit in bytes (unsigned 32 bits, already scaled by the granularity)
 * @param selector the visible selector: index, table indicator and RPL
 * @param type     the descriptor's 4-bit type
 * @param present  P: the descriptor is present
 * @param dpl      descriptor privilege level, 0..3
 * @param db       D/B: default operand size 32 (code) or big (data)
 * @param s        S: code or data (as opposed to a system descriptor such as a TSS)
 * @param l        L: 64-bit code
 * @param g        G: the limit counts 4 KiB pages
 * @param avl      AVL: available to software
 * @param unusable KVM's "unusable" mark (a null selector in a data register, an absent LDT)
 */
public record Segment(long base, long limit, int selector, int type, boolean present, int dpl, boolean db, boolean s,
        boolean l, boolean g, boolean avl, boolean unusable) {
}
