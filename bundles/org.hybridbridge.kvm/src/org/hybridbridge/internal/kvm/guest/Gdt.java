package org.hybridbridge.internal.kvm.guest;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import org.hybridbridge.kvm.Segment;

/**
 * The guest's GDT: flat 64-bit code and data segments for CPL0 and CPL3, and a 64-bit TSS. KVM
 * takes segment state from {@code KVM_SET_SREGS}, not from memory, so the table and the
 * {@link Segment}s are both derived from the same descriptions and agree by construction; the
 * table matters once the guest reloads a selector (e.g. {@code iretq}).
 */
public final class Gdt {

    /** Index 1, RPL 0. */
    public static final int KERNEL_CODE_SELECTOR = 0x08;
    /** Index 2, RPL 0. */
    public static final int KERNEL_DATA_SELECTOR = 0x10;
    /** Index 3, RPL 3. */
    public static final int USER_CODE_SELECTOR = 0x18 | 3;
    /** Index 4, RPL 3. */
    public static final int USER_DATA_SELECTOR = 0x20 | 3;
    /** Index 5; a 64-bit TSS descriptor takes two slots. */
    public static final int TSS_SELECTOR = 0x28;
    /** Seven 8-byte slots: null, four segments, the 16-byte TSS descriptor. */
    public static final int SIZE = 7 * 8;

    /** Type of an execute/read code segment, accessed. */
    static final int CODE_TYPE = 0xB;
    /** Type of a read/write data segment, accessed. */
    static final int DATA_TYPE = 0x3;
    /** Type of a busy 64-bit TSS: what a loaded task register holds. */
    static final int BUSY_TSS_TYPE = 0xB;
    /** The architectural minimum TSS limit: 104 bytes, no I/O bitmap (IOPL 3 makes it moot). */
    static final long TSS_LIMIT = 0x67;
    private static final long FLAT_LIMIT = 0xFFFF_FFFFL;
    private static final int RPL_MASK = 3;

    private Gdt() {
    }

    /** The flat 64-bit code segment (L=1) at {@code cpl}. */
    public static Segment codeSegment(Cpl cpl) {
        int selector = cpl == Cpl.CPL0 ? KERNEL_CODE_SELECTOR : USER_CODE_SELECTOR;
        return new Segment(0, FLAT_LIMIT, selector, CODE_TYPE, true, cpl.level(), false, true, true, true, false,
                false);
    }

    /** The flat read/write data segment at {@code cpl}, for SS and the data registers. */
    public static Segment dataSegment(Cpl cpl) {
        int selector = cpl == Cpl.CPL0 ? KERNEL_DATA_SELECTOR : USER_DATA_SELECTOR;
        return new Segment(0, FLAT_LIMIT, selector, DATA_TYPE, true, cpl.level(), true, true, false, true, false,
                false);
    }

    /** The task register: a busy 64-bit TSS at {@link Layout#TSS}. */
    public static Segment taskState() {
        return new Segment(Layout.TSS, TSS_LIMIT, TSS_SELECTOR, BUSY_TSS_TYPE, true, 0, false, false, false, false,
                false, false);
    }

    /** The table's bytes, to be placed at {@link Layout#GDT}. */
    public static byte[] image() {
        ByteBuffer table = ByteBuffer.allocate(SIZE).order(ByteOrder.LITTLE_ENDIAN);
        for (Segment segment : new Segment[] { codeSegment(Cpl.CPL0), dataSegment(Cpl.CPL0), codeSegment(Cpl.CPL3),
                dataSegment(Cpl.CPL3) }) {
            table.putLong(segment.selector() & ~RPL_MASK, descriptor(segment));
        }
        Segment tss = taskState();
        table.putLong(TSS_SELECTOR, descriptor(tss));
        table.putLong(TSS_SELECTOR + Long.BYTES, tss.base() >>> 32); // upper half of a system descriptor
        return table.array();
    }

    /** The 8-byte descriptor (the low half, for a system segment) that loads as {@code segment}. */
    static long descriptor(Segment segment) {
        long limit = segment.g() ? segment.limit() >>> 12 : segment.limit();
        long base = segment.base();
        return limit & 0xFFFF
                | (base & 0xFF_FFFF) << 16
                | (long) segment.type() << 40
                | bit(segment.s(), 44)
                | (long) segment.dpl() << 45
                | bit(segment.present(), 47)
                | (limit >>> 16 & 0xF) << 48
                | bit(segment.avl(), 52)
                | bit(segment.l(), 53)
                | bit(segment.db(), 54)
                | bit(segment.g(), 55)
                | (base >>> 24 & 0xFF) << 56;
    }

    private static long bit(boolean value, int position) {
        return value ? 1L << position : 0;
    }
}
