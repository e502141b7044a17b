package org.hybridbridge.taint;

import org.hybridbridge.x86.exec.Mmu;

/**
 * The GVM as redirectable accesses see it: its memory (a {@link CopyOnWriteMemory} over the
 * snapshot) through its own kernel page tables.
 *
 * @param memory    the GVM's guest-physical memory, copy-on-write
 * @param cr3       the GVM's CR3 at its snapshot
 * @param fiveLevel whether the GVM used 5-level paging (its CR4.LA57)
 */
public record GvmImage(CopyOnWriteMemory memory, long cr3, boolean fiveLevel) {

    /** @return a supervisor view of the GVM's kernel address space */
    Mmu mmu() {
        return Mmu.fixedRoot(memory, cr3, fiveLevel);
    }
}
