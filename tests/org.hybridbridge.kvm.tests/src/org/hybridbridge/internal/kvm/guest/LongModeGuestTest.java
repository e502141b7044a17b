package org.hybridbridge.internal.kvm.guest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

import org.hybridbridge.kvm.DescriptorTable;
import org.hybridbridge.kvm.Regs;
import org.hybridbridge.kvm.Segment;
import org.hybridbridge.kvm.Sregs;
import org.junit.jupiter.api.Test;

class LongModeGuestTest {

    /** What a fresh vCPU reports, reduced to the parts the builder must carry over. */
    private static final Segment RESET = new Segment(0, 0xFFFF, 0, 3, true, 0, false, true, false, false, false, false);
    private static final Sregs FRESH_VCPU = new Sregs(RESET, RESET, RESET, RESET, RESET, RESET, RESET, RESET,
            new DescriptorTable(0, 0xFFFF), new DescriptorTable(0, 0xFFFF), 0x6000_0010L, 0, 0, 0, 0, 0, 0xFEE0_0900L,
            List.of(0L, 1L, 0L, 0L));

    @Test
    void cpl3StateHasUserCodeAndStackSegments() {
        Sregs sregs = LongModeGuest.sregs(FRESH_VCPU, Cpl.CPL3);

        assertEquals(3, sregs.cs().dpl());
        assertEquals(3, sregs.ss().dpl());
        assertEquals(3, sregs.cs().selector() & 3, "CPL is CS.RPL");
        assertEquals(3, sregs.ss().selector() & 3);
        assertEquals(sregs.ss(), sregs.ds());
        assertTrue(sregs.cs().l(), "64-bit code");
    }

    @Test
    void cpl0StateHasKernelSegments() {
        Sregs sregs = LongModeGuest.sregs(FRESH_VCPU, Cpl.CPL0);

        assertEquals(0, sregs.cs().dpl());
        assertEquals(0, sregs.ss().dpl());
        assertEquals(Gdt.KERNEL_CODE_SELECTOR, sregs.cs().selector());
    }

    @Test
    void startsInLongModeWithPagingOnItsPageTables() {
        Sregs sregs = LongModeGuest.sregs(FRESH_VCPU, Cpl.CPL3);

        assertEquals(1L << 31 | 1, sregs.cr0() & (1L << 31 | 1), "PG and PE");
        assertEquals(1L << 5, sregs.cr4() & 1L << 5, "PAE");
        assertEquals(0x500, sregs.efer(), "LME and LMA");
        assertEquals(Layout.PAGE_TABLES, sregs.cr3());
        assertEquals(new DescriptorTable(Layout.GDT, Gdt.SIZE - 1), sregs.gdt());
        assertEquals(0, sregs.idt().limit(), "no IDT: exceptions shut the guest down");
        assertTrue(sregs.ldt().unusable());
        assertFalse(sregs.tr().unusable());
    }

    @Test
    void keepsWhatKvmOwns() {
        Sregs sregs = LongModeGuest.sregs(FRESH_VCPU, Cpl.CPL0);

        assertEquals(FRESH_VCPU.apicBase(), sregs.apicBase());
        assertEquals(FRESH_VCPU.interruptBitmap(), sregs.interruptBitmap());
    }

    @Test
    void segmentRegistersMatchTheGdtTheGuestWouldReloadThemFrom() {
        ByteBuffer table = ByteBuffer.wrap(Gdt.image()).order(ByteOrder.LITTLE_ENDIAN);
        for (Cpl cpl : Cpl.values()) {
            Sregs sregs = LongModeGuest.sregs(FRESH_VCPU, cpl);
            for (Segment segment : List.of(sregs.cs(), sregs.ss(), sregs.tr())) {
                assertEquals(table.getLong(segment.selector() & ~3), Gdt.descriptor(segment), segment.toString());
            }
        }
    }

    @Test
    void entersAtTheCodeWithIopl3() {
        Regs regs = LongModeGuest.entryRegs();

        assertEquals(Layout.CODE, regs.rip());
        assertEquals(Layout.STACK_TOP, regs.rsp());
        assertEquals(3, regs.rflags() >>> 12 & 3, "IOPL");
        assertEquals(2, regs.rflags() & 2, "reserved bit 1");
        assertEquals(0, regs.rflags() & 1 << 9, "interrupts off");
    }

    @Test
    void layoutRegionsAreDistinctPagesInsideGuestMemory() {
        List<Long> regions = List.of(Layout.GDT, Layout.TSS, Layout.PAGE_TABLES, Layout.PAGE_TABLES + 0x1000,
                Layout.PAGE_TABLES + 0x2000, Layout.LOOP_COUNT, Layout.CODE);
        assertEquals(regions.size(), regions.stream().map(address -> address / 0x1000).distinct().count());
        assertTrue(Layout.STACK_TOP < Layout.MEMORY_SIZE);
        assertTrue(Layout.CODE < Layout.STACK_TOP);
    }
}
