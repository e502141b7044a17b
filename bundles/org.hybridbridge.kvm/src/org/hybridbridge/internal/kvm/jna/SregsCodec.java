package org.hybridbridge.internal.kvm.jna;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import org.hybridbridge.kvm.DescriptorTable;
import org.hybridbridge.kvm.Segment;
import org.hybridbridge.kvm.Sregs;

/**
 * Encodes and decodes {@code struct kvm_sregs} with its {@code struct kvm_segment} and
 * {@code struct kvm_dtable} members. Sizes and offsets checked against linux/kvm.h (x86-64).
 */
public final class SregsCodec {

    /** {@code sizeof(struct kvm_sregs)}. */
    public static final int SIZE = 312;

    /** {@code sizeof(struct kvm_segment)}. */
    static final int SEGMENT_SIZE = 24;
    /** {@code sizeof(struct kvm_dtable)}. */
    static final int DTABLE_SIZE = 16;

    // offsetof(struct kvm_sregs, ...): cs, ds, es, fs, gs, ss, tr, ldt are consecutive segments
    private static final int CS = 0;
    private static final int GDT = 192;
    private static final int IDT = 208;
    private static final int CR0 = 224;
    private static final int CR2 = 232;
    private static final int CR3 = 240;
    private static final int CR4 = 248;
    private static final int CR8 = 256;
    private static final int EFER = 264;
    private static final int APIC_BASE = 272;
    private static final int INTERRUPT_BITMAP = 280;

    // offsetof(struct kvm_segment, ...)
    private static final int SEG_BASE = 0;
    private static final int SEG_LIMIT = 8;
    private static final int SEG_SELECTOR = 12;
    private static final int SEG_TYPE = 14;
    private static final int SEG_PRESENT = 15;
    private static final int SEG_DPL = 16;
    private static final int SEG_DB = 17;
    private static final int SEG_S = 18;
    private static final int SEG_L = 19;
    private static final int SEG_G = 20;
    private static final int SEG_AVL = 21;
    private static final int SEG_UNUSABLE = 22;

    // offsetof(struct kvm_dtable, ...)
    private static final int DT_BASE = 0;
    private static final int DT_LIMIT = 8;

    private SregsCodec() {
    }

    /** Writes {@code sregs} at the start of {@code buffer}, which must be little-endian. */
    public static void encode(Sregs sregs, ByteBuffer buffer) {
        List<Segment> segments = List.of(sregs.cs(), sregs.ds(), sregs.es(), sregs.fs(), sregs.gs(), sregs.ss(),
                sregs.tr(), sregs.ldt());
        for (int i = 0; i < segments.size(); i++) {
            encodeSegment(segments.get(i), buffer, CS + i * SEGMENT_SIZE);
        }
        encodeTable(sregs.gdt(), buffer, GDT);
        encodeTable(sregs.idt(), buffer, IDT);
        buffer.putLong(CR0, sregs.cr0());
        buffer.putLong(CR2, sregs.cr2());
        buffer.putLong(CR3, sregs.cr3());
        buffer.putLong(CR4, sregs.cr4());
        buffer.putLong(CR8, sregs.cr8());
        buffer.putLong(EFER, sregs.efer());
        buffer.putLong(APIC_BASE, sregs.apicBase());
        for (int i = 0; i < Sregs.INTERRUPT_BITMAP_WORDS; i++) {
            buffer.putLong(INTERRUPT_BITMAP + i * Long.BYTES, sregs.interruptBitmap().get(i));
        }
    }

    /** Reads the special registers from the start of {@code buffer}, which must be little-endian. */
    public static Sregs decode(ByteBuffer buffer) {
        Segment[] s = new Segment[8];
        for (int i = 0; i < s.length; i++) {
            s[i] = decodeSegment(buffer, CS + i * SEGMENT_SIZE);
        }
        List<Long> bitmap = new ArrayList<>(Sregs.INTERRUPT_BITMAP_WORDS);
        for (int i = 0; i < Sregs.INTERRUPT_BITMAP_WORDS; i++) {
            bitmap.add(buffer.getLong(INTERRUPT_BITMAP + i * Long.BYTES));
        }
        return new Sregs(s[0], s[1], s[2], s[3], s[4], s[5], s[6], s[7], decodeTable(buffer, GDT),
                decodeTable(buffer, IDT), buffer.getLong(CR0), buffer.getLong(CR2), buffer.getLong(CR3),
                buffer.getLong(CR4), buffer.getLong(CR8), buffer.getLong(EFER), buffer.getLong(APIC_BASE), bitmap);
    }

    static void encodeSegment(Segment segment, ByteBuffer buffer, int at) {
        buffer.putLong(at + SEG_BASE, segment.base());
        buffer.putInt(at + SEG_LIMIT, (int) segment.limit());
        buffer.putShort(at + SEG_SELECTOR, (short) segment.selector());
        buffer.put(at + SEG_TYPE, (byte) segment.type());
        buffer.put(at + SEG_PRESENT, flag(segment.present()));
        buffer.put(at + SEG_DPL, (byte) segment.dpl());
        buffer.put(at + SEG_DB, flag(segment.db()));
        buffer.put(at + SEG_S, flag(segment.s()));
        buffer.put(at + SEG_L, flag(segment.l()));
        buffer.put(at + SEG_G, flag(segment.g()));
        buffer.put(at + SEG_AVL, flag(segment.avl()));
        buffer.put(at + SEG_UNUSABLE, flag(segment.unusable()));
        buffer.put(at + SEG_UNUSABLE + 1, (byte) 0); // padding
    }

    static Segment decodeSegment(ByteBuffer buffer, int at) {
        return new Segment(buffer.getLong(at + SEG_BASE), Integer.toUnsignedLong(buffer.getInt(at + SEG_LIMIT)),
                Short.toUnsignedInt(buffer.getShort(at + SEG_SELECTOR)), buffer.get(at + SEG_TYPE) & 0xFF,
                buffer.get(at + SEG_PRESENT) != 0, buffer.get(at + SEG_DPL) & 0xFF, buffer.get(at + SEG_DB) != 0,
                buffer.get(at + SEG_S) != 0, buffer.get(at + SEG_L) != 0, buffer.get(at + SEG_G) != 0,
                buffer.get(at + SEG_AVL) != 0, buffer.get(at + SEG_UNUSABLE) != 0);
    }

    private static void encodeTable(DescriptorTable table, ByteBuffer buffer, int at) {
        buffer.putLong(at + DT_BASE, table.base());
        buffer.putShort(at + DT_LIMIT, (short) table.limit());
        for (int padding = at + DT_LIMIT + Short.BYTES; padding < at + DTABLE_SIZE; padding++) {
            buffer.put(padding, (byte) 0);
        }
    }

    private static DescriptorTable decodeTable(ByteBuffer buffer, int at) {
        return new DescriptorTable(buffer.getLong(at + DT_BASE), Short.toUnsignedInt(buffer.getShort(at + DT_LIMIT)));
    }

    private static byte flag(boolean value) {
        return (byte) (value ? 1 : 0);
    }
}
