package org.hybridbridge.internal.qemu.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.OptionalLong;

import org.hybridbridge.qemu.GuestException;
import org.junit.jupiter.api.Test;

/** A hand-made blob: int, struct task_struct { int pid; union { int x; char comm[16]; }; } with bit-field encoding. */
class BtfTest {

    private static byte[] blob() {
        String strings = "\0int\0task_struct\0pid\0x\0comm\0";
        ByteBuffer types = ByteBuffer.allocate(256).order(ByteOrder.LITTLE_ENDIAN);
        // [1] INT "int" size 4, encoding: 32 bits
        types.putInt(1).putInt(1 << 24).putInt(4).putInt(32);
        // [2] STRUCT "task_struct" (kind_flag: offsets carry bit-field sizes), 2 members, size 24
        types.putInt(5).putInt((1 << 31) | (4 << 24) | 2).putInt(24);
        types.putInt(17).putInt(1).putInt(0); // pid: int at bit 0
        types.putInt(0).putInt(3).putInt(64); // anonymous union at bit 64
        // [3] UNION, 2 members, size 16
        types.putInt(0).putInt((5 << 24) | 2).putInt(16);
        types.putInt(21).putInt(1).putInt(0); // x
        types.putInt(23).putInt(1).putInt(0); // comm (its array type left out: only offsets matter here)
        int typeLength = types.position();
        ByteBuffer header = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
        header.putShort((short) 0xeb9f).put((byte) 1).put((byte) 0).putInt(24).putInt(0).putInt(typeLength)
                .putInt(typeLength).putInt(strings.length());
        ByteArrayOutputStream blob = new ByteArrayOutputStream();
        blob.writeBytes(header.array());
        blob.write(types.array(), 0, typeLength);
        blob.writeBytes(strings.getBytes(StandardCharsets.US_ASCII));
        return blob.toByteArray();
    }

    @Test
    void membersAreFoundDirectlyAndInsideAnonymousUnions() {
        Btf btf = new Btf(blob());

        assertEquals(3, btf.typeCount());
        assertEquals(OptionalLong.of(0), btf.memberOffset("task_struct", "pid"));
        assertEquals(OptionalLong.of(8), btf.memberOffset("task_struct", "comm"));
        assertTrue(btf.memberOffset("task_struct", "mm").isEmpty());
        assertTrue(btf.memberOffset("mm_struct", "pgd").isEmpty());
    }

    @Test
    void aBlobWithoutTheMagicIsRefused() {
        assertThrows(GuestException.class, () -> new Btf(new byte[64]));
    }
}
