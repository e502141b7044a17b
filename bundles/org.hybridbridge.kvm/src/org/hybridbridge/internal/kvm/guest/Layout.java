package org.hybridbridge.internal.kvm.guest;

/**
 * Guest-physical layout of the minimal long-mode guest, all in one place. The guest has one
 * memory slot at address 0 and sees it identity-mapped.
 *
 * <pre>
 * 0x0000  unused, so that a stray null pointer reads zeros, not tables
 * 0x1000  GDT
 * 0x2000  TSS (zeroed; needed because a vCPU must have a usable task register)
 * 0x3000  PML4, 0x4000 PDPT, 0x5000 PD (2 MiB pages)
 * 0x7000  data: the counted loop's iteration count
 * 0x8000  code
 * 0xF000  top of the stack (grows down towards the code)
 * </pre>
 */
public final class Layout {

    /** Guest RAM: one 2 MiB page, the unit the page tables map. */
    public static final long MEMORY_SIZE = 0x20_0000;
    /** The memory slot that holds that RAM. */
    public static final int MEMORY_SLOT = 0;
    /** Guest-physical address of the RAM's first byte. */
    public static final long MEMORY_BASE = 0;

    /** The GDT ({@link Gdt#image()}). */
    public static final long GDT = 0x1000;
    /** The 64-bit TSS the task register points to. */
    public static final long TSS = 0x2000;
    /** First of three consecutive page-table pages: PML4 (CR3), PDPT, PD. */
    public static final long PAGE_TABLES = 0x3000;
    /** The 64-bit iteration count {@link CountedLoop} reads at the start of each round. */
    public static final long LOOP_COUNT = 0x7000;
    /** Where the guest's code is loaded and starts. */
    public static final long CODE = 0x8000;
    /** Initial RSP. */
    public static final long STACK_TOP = 0xF000;

    private Layout() {
    }
}
