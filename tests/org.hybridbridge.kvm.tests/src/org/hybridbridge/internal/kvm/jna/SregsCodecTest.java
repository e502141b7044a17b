package org.hybridbridge.internal.kvm.jna;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

import org.hybridbridge.kvm.DescriptorTable;
import org.hybridbridge.kvm.Segment;
import org.hybridbridge.kvm.Sregs;
import org.junit.jupiter.api.Test;

class SregsCodecTest {

    private static final Segment USER_STACK = new Segment(0x1234_5678_9ABCL, 0xFFFF_FFFFL, 0x23, 3, true, 3, true,
            true, false, true, false, false);
    private static final Segment CODE = new Segment(0, 0xFFFF_FFFFL, 0x1B, 0xB, true, 3, false, true, true, true, true,
            false);
    private static final Segment ABSENT = new Segment(0, 0, 0, 2, false, 0, false, false, false, false, false, true);

    private static final Sregs STATE = new Sregs(CODE, ABSENT, ABSENT, ABSENT, ABSENT, USER_STACK, ABSENT, ABSENT,
            new DescriptorTable(0x1000, 0x37), new DescriptorTable(0xFFFF_FE00_0000_0000L, 0xFFF), 0x8005_0033L,
            0xDEAD_0000L, 0x3000, 0x20, 4, 0x500, 0xFEE0_0900L, List.of(1L, 0L, 0L, 1L << 63));

    @Test
    void fieldsSitAtTheOffsetsOfStructKvmSregs() {
        ByteBuffer buffer = buffer();
        SregsCodec.encode(STATE, buffer);

        assertEquals(0x1B, buffer.getShort(12), "cs.selector");
        assertEquals(1, buffer.get(19), "cs.l");
        assertEquals(0x1234_5678_9ABCL, buffer.getLong(120), "ss.base");
        assertEquals(3, buffer.get(120 + 16), "ss.dpl");
        assertEquals(-1, buffer.getInt(120 + 8), "ss.limit");
        assertEquals(0x1000, buffer.getLong(192), "gdt.base");
        assertEquals(0x37, buffer.getShort(200), "gdt.limit");
        assertEquals(0xFFF, buffer.getShort(216), "idt.limit");
        assertEquals(0x8005_0033L, buffer.getLong(224), "cr0");
        assertEquals(0x3000, buffer.getLong(240), "cr3");
        assertEquals(0x500, buffer.getLong(264), "efer");
        assertEquals(0xFEE0_0900L, buffer.getLong(272), "apic_base");
        assertEquals(1L << 63, buffer.getLong(280 + 24), "interrupt_bitmap[3]");
    }

    @Test
    void decodeInvertsEncode() {
        ByteBuffer buffer = buffer();
        SregsCodec.encode(STATE, buffer);

        assertEquals(STATE, SregsCodec.decode(buffer));
    }

    @Test
    void segmentsAreTwentyFourBytesApart() {
        ByteBuffer buffer = buffer();
        SregsCodec.encode(STATE, buffer);

        assertEquals(USER_STACK, SregsCodec.decodeSegment(buffer, 5 * SregsCodec.SEGMENT_SIZE));
    }

    private static ByteBuffer buffer() {
        return ByteBuffer.allocate(SregsCodec.SIZE).order(ByteOrder.LITTLE_ENDIAN);
    }
}
