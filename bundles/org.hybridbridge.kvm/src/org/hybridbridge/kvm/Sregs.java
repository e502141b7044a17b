package org.hybridbridge.kvm;

import java.util.List;

/**
 * The special registers of a vCPU: {@code struct kvm_sregs}. Copy {@link #apicBase()} and
 * {@link #interruptBitmap()} from the vCPU's own {@link KvmVcpu#getSregs()} when building a new
 * state: they belong to KVM's view of the local APIC.
 *
 * @param interruptBitmap the pending external interrupt, kept opaque: 4 words as KVM gave them
 */
public record Sregs(Segment cs, Segment ds, Segment es, Segment fs, Segment gs, Segment ss, Segment tr, Segment ldt,
        DescriptorTable gdt, DescriptorTable idt, long cr0, long cr2, long cr3, long cr4, long cr8, long efer,
        long apicBase, List<Long> interruptBitmap) {

    /** Words in {@code interrupt_bitmap[(KVM_NR_INTERRUPTS + 63) / 64]}. */
    public static final int INTERRUPT_BITMAP_WORDS = 4;

    /** Copies the bitmap, which must have {@link #INTERRUPT_BITMAP_WORDS} words. */
    public Sregs {
        if (interruptBitmap.size() != INTERRUPT_BITMAP_WORDS) {
            throw new IllegalArgumentException("interrupt bitmap has " + interruptBitmap.size() + " words, not "
                    + INTERRUPT_BITMAP_WORDS);
        }
        interruptBitmap = List.copyOf(interruptBitmap);
    }
}
