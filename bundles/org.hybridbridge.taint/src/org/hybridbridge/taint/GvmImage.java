package org.hybridbridge.taint;

import org.hybridbridge.x86.exec.Mmu;

/**
 * The GVM as redirectable accesses see it: its memory (a {@link CopyOnWriteMemory} over the
 * snapshot) through its own kernel page tables, in the context of one of its CPUs.
 *
 * @param memory     the GVM's guest-physical memory, copy-on-write
 * @param cr3        the GVM's CR3 at its snapshot
 * @param fiveLevel  whether the GVM used 5-level paging (its CR4.LA57)
 * @param perCpuBase the per-CPU area of the GVM CPU whose context is introspected (that CPU's
 *                   {@code __per_cpu_offset}, its GS base in kernel mode). The SVM kernel's
 *                   {@code %gs:} accesses address the SVM's own area; redirected, they are
 *                   served at the same offset in this one. The two differ whenever the guests'
 *                   memory layouts do (RAM size, initramfs size, CPU count).
 */
public record GvmImage(CopyOnWriteMemory memory, long cr3, boolean fiveLevel, long perCpuBase) {

    /** @return a supervisor view of the GVM's kernel address space */
    Mmu mmu() {
        return Mmu.fixedRoot(memory, cr3, fiveLevel);
    }
}
