package org.hybridbridge.internal.kvm.guest;

import org.hybridbridge.kvm.DescriptorTable;
import org.hybridbridge.kvm.GuestMemory;
import org.hybridbridge.kvm.Regs;
import org.hybridbridge.kvm.Segment;
import org.hybridbridge.kvm.Sregs;

/**
 * A minimal 64-bit guest that starts directly in long mode, at CPL0 or CPL3, with no firmware
 * and no mode switches: paging on, identity-mapped, flat segments, no IDT. Without an IDT any
 * exception escalates to a triple fault, which KVM reports as {@code KVM_EXIT_SHUTDOWN}: the
 * guests here end with a port write instead.
 */
public final class LongModeGuest {

    // CR0: PE | MP | ET | NE | WP | PG
    static final long CR0 = 1L << 0 | 1L << 1 | 1L << 4 | 1L << 5 | 1L << 16 | 1L << 31;
    // CR4: PAE, required by long mode. No SMEP/SMAP: CPL0 may run and touch user (U) pages.
    static final long CR4 = 1L << 5;
    // EFER: LME | LMA, set together because the guest never goes through the switch to long mode.
    static final long EFER = 1L << 8 | 1L << 10;
    // RFLAGS: reserved bit 1 | IOPL 3, so that `out` is allowed at CPL3 too. IF stays clear.
    static final long RFLAGS = 1L << 1 | 3L << 12;

    /** The LDT register: none. */
    private static final Segment NO_LDT = new Segment(0, 0, 0, 2, false, 0, false, false, false, false, false, true);
    /** IDTR: an empty table, so every exception shuts the guest down. */
    private static final DescriptorTable NO_IDT = new DescriptorTable(0, 0);

    private LongModeGuest() {
    }

    /** Writes the GDT, the page tables and {@code code} (at {@link Layout#CODE}) into {@code memory}. */
    public static void load(GuestMemory memory, byte[] code) {
        memory.putBytes(Layout.GDT, Gdt.image());
        memory.putBytes(Layout.PAGE_TABLES, PageTables.identityMap(Layout.PAGE_TABLES, Layout.MEMORY_SIZE));
        memory.putBytes(Layout.CODE, code);
    }

    /**
     * The special registers that start the guest at {@code cpl}: CS and the data segments at that
     * DPL with RPL-{@code cpl} selectors, paging on with CR3 at {@link Layout#PAGE_TABLES}.
     *
     * @param vcpu the vCPU's own registers, for the parts owned by KVM (APIC base, pending
     *             interrupts, CR8)
     */
    public static Sregs sregs(Sregs vcpu, Cpl cpl) {
        Segment code = Gdt.codeSegment(cpl);
        Segment data = Gdt.dataSegment(cpl);
        DescriptorTable gdt = new DescriptorTable(Layout.GDT, Gdt.SIZE - 1);
        return new Sregs(code, data, data, data, data, data, Gdt.taskState(), NO_LDT, gdt, NO_IDT, CR0, 0,
                Layout.PAGE_TABLES, CR4, vcpu.cr8(), EFER, vcpu.apicBase(), vcpu.interruptBitmap());
    }

    /** The registers at entry: RIP at {@link Layout#CODE}, RSP at {@link Layout#STACK_TOP}, IOPL 3. */
    public static Regs entryRegs() {
        return Regs.ZERO.withRip(Layout.CODE).withRsp(Layout.STACK_TOP).withRflags(RFLAGS);
    }
}
