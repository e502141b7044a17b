package org.hybridbridge.internal.kvm.jna;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import org.hybridbridge.kvm.Regs;
import org.junit.jupiter.api.Test;

class RegsCodecTest {

    private static final Regs NUMBERED = new Regs(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18);

    @Test
    void fieldsSitAtTheOffsetsOfStructKvmRegs() {
        ByteBuffer buffer = buffer();
        RegsCodec.encode(NUMBERED, buffer);

        assertEquals(3, buffer.getLong(16), "rcx");
        assertEquals(9, buffer.getLong(64), "r8");
        assertEquals(17, buffer.getLong(128), "rip");
        assertEquals(18, buffer.getLong(136), "rflags");
    }

    @Test
    void decodeInvertsEncode() {
        ByteBuffer buffer = buffer();
        RegsCodec.encode(NUMBERED, buffer);

        assertEquals(NUMBERED, RegsCodec.decode(buffer));
    }

    private static ByteBuffer buffer() {
        return ByteBuffer.allocate(RegsCodec.SIZE).order(ByteOrder.LITTLE_ENDIAN);
    }
}
