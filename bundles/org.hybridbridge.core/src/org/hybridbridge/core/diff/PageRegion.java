package org.hybridbridge.core.diff;

/**
 * What a guest-physical page holds, as far as the kernel's own layout tells without walking its
 * data structures: the kernel image's sections (the profile's bounds), the per-CPU areas
 * ({@code __per_cpu_offset}), what the kernel maps in its vmalloc and module areas, and the rest
 * of RAM, which the kernel maps directly: slab heap, page cache, page tables and user pages.
 */
public enum PageRegion {
    KERNEL_TEXT("kernel text"),
    KERNEL_RODATA("kernel read-only data"),
    KERNEL_DATA("kernel data"),
    KERNEL_BSS("kernel bss"),
    KERNEL_IMAGE_OTHER("kernel image, other (freed init and gaps, brk)"),
    PER_CPU("per-CPU areas"),
    VMALLOC("vmalloc and modules"),
    DIRECT_MAPPED("direct-mapped RAM (heap, page cache, page tables, user)"),
    ONLY_IN_A("only in A (B has no such page)"),
    ONLY_IN_B("only in B (A has no such page)");

    private final String label;

    PageRegion(String label) {
        this.label = label;
    }

    /** @return how {@code hb diff} and the Snapshot diff view name it */
    public String label() {
        return label;
    }
}
