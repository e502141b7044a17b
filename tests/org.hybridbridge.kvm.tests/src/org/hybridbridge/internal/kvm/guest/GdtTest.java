package org.hybridbridge.internal.kvm.guest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import org.junit.jupiter.api.Test;

class GdtTest {

    // The same flat segments in Linux's GDT (arch/x86/kernel/cpu/common.c), with the accessed bit.
    private static final long KERNEL_CODE64 = 0x00AF_9B00_0000_FFFFL;
    private static final long KERNEL_DATA = 0x00CF_9300_0000_FFFFL;
    private static final long USER_CODE64 = 0x00AF_FB00_0000_FFFFL;
    private static final long USER_DATA = 0x00CF_F300_0000_FFFFL;

    @Test
    void segmentsEncodeAsLinuxFlatSegments() {
        assertEquals(KERNEL_CODE64, Gdt.descriptor(Gdt.codeSegment(Cpl.CPL0)));
        assertEquals(KERNEL_DATA, Gdt.descriptor(Gdt.dataSegment(Cpl.CPL0)));
        assertEquals(USER_CODE64, Gdt.descriptor(Gdt.codeSegment(Cpl.CPL3)));
        assertEquals(USER_DATA, Gdt.descriptor(Gdt.dataSegment(Cpl.CPL3)));
    }

    @Test
    void userSelectorsRequestPrivilegeLevel3() {
        assertEquals(3, Gdt.codeSegment(Cpl.CPL3).selector() & 3);
        assertEquals(3, Gdt.dataSegment(Cpl.CPL3).selector() & 3);
        assertEquals(0, Gdt.codeSegment(Cpl.CPL0).selector() & 3);
        assertEquals(0, Gdt.dataSegment(Cpl.CPL0).selector() & 3);
    }

    @Test
    void imageHoldsEachSegmentAtItsSelectorIndex() {
        ByteBuffer table = image();

        assertEquals(0, table.getLong(0), "null descriptor");
        assertEquals(KERNEL_CODE64, table.getLong(Gdt.KERNEL_CODE_SELECTOR));
        assertEquals(KERNEL_DATA, table.getLong(Gdt.KERNEL_DATA_SELECTOR));
        assertEquals(USER_CODE64, table.getLong(Gdt.USER_CODE_SELECTOR & ~3));
        assertEquals(USER_DATA, table.getLong(Gdt.USER_DATA_SELECTOR & ~3));
    }

    @Test
    void taskStateIsABusy64BitTssAtTheLayoutsAddress() {
        ByteBuffer table = image();
        long low = table.getLong(Gdt.TSS_SELECTOR);

        assertEquals(0x67, low & 0xFFFF, "limit");
        assertEquals(Layout.TSS, (low >>> 16 & 0xFF_FFFF) | (low >>> 56) << 24, "base 31:0");
        assertEquals(0x8B, low >>> 40 & 0xFF, "present, DPL 0, system, type busy TSS");
        assertEquals(0, table.getLong(Gdt.TSS_SELECTOR + 8), "base 63:32");
        assertEquals(Gdt.SIZE, table.capacity());
    }

    private static ByteBuffer image() {
        return ByteBuffer.wrap(Gdt.image()).order(ByteOrder.LITTLE_ENDIAN);
    }
}
