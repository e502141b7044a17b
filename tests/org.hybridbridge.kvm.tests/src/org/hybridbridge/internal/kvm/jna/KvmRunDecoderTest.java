package org.hybridbridge.internal.kvm.jna;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import org.hybridbridge.kvm.VcpuExit;
import org.junit.jupiter.api.Test;

/** Decoding a synthetic {@code struct kvm_run} laid out as linux/kvm.h lays it out. */
class KvmRunDecoderTest {

    private final ByteBuffer kvmRun = ByteBuffer.allocate(3 * 4096).order(ByteOrder.LITTLE_ENDIAN);

    @Test
    void portWriteCarriesTheBytesAtDataOffset() {
        kvmRun.putInt(8, KvmRunDecoder.KVM_EXIT_IO);
        kvmRun.put(32, (byte) KvmRunDecoder.KVM_EXIT_IO_OUT).put(33, (byte) 2).putShort(34, (short) 0xE9)
                .putInt(36, 1).putLong(40, 4096);
        kvmRun.put(4096, (byte) 0x2A).put(4097, (byte) 0x01);

        VcpuExit.IoOut out = assertInstanceOf(VcpuExit.IoOut.class, KvmRunDecoder.decode(kvmRun));
        assertEquals(0xE9, out.port());
        assertEquals(2, out.size());
        assertArrayEquals(new byte[] { 0x2A, 0x01 }, out.data());
    }

    @Test
    void portReadCarriesPortSizeAndCount() {
        kvmRun.putInt(8, KvmRunDecoder.KVM_EXIT_IO);
        kvmRun.put(32, (byte) 0).put(33, (byte) 1).putShort(34, (short) 0xFFFF).putInt(36, 3);

        assertEquals(new VcpuExit.IoIn(0xFFFF, 1, 3), KvmRunDecoder.decode(kvmRun));
    }

    @Test
    void mmioWriteCarriesOnlyItsLengthOfData() {
        kvmRun.putInt(8, KvmRunDecoder.KVM_EXIT_MMIO).putLong(32, 0xFED0_00F0L).putLong(40, 0x1122_3344_5566_7788L)
                .putInt(48, 4).put(52, (byte) 1);
        assertEquals(new VcpuExit.Mmio(0xFED0_00F0L, 4, true, 0x5566_7788L), KvmRunDecoder.decode(kvmRun));

        kvmRun.put(52, (byte) 0).putInt(48, 8);
        assertEquals(new VcpuExit.Mmio(0xFED0_00F0L, 8, false, 0), KvmRunDecoder.decode(kvmRun));
    }

    @Test
    void failuresCarryTheirReasons() {
        kvmRun.putInt(8, KvmRunDecoder.KVM_EXIT_INTERNAL_ERROR).putInt(32, 1);
        assertEquals(new VcpuExit.InternalError(1), KvmRunDecoder.decode(kvmRun));

        kvmRun.putInt(8, KvmRunDecoder.KVM_EXIT_FAIL_ENTRY).putLong(32, 0x80000021L);
        assertEquals(new VcpuExit.FailEntry(0x80000021L), KvmRunDecoder.decode(kvmRun));
    }

    @Test
    void debugCarriesVectorAndPc() {
        kvmRun.putInt(8, KvmRunDecoder.KVM_EXIT_DEBUG).putInt(32, 3).putLong(40, 0xFFFF_FFFF_8100_0000L);

        assertEquals(new VcpuExit.Debug(3, 0xFFFF_FFFF_8100_0000L), KvmRunDecoder.decode(kvmRun));
    }

    @Test
    void reasonsWithoutDataAndUnknownReasons() {
        kvmRun.putInt(8, KvmRunDecoder.KVM_EXIT_HLT);
        assertEquals(new VcpuExit.Hlt(), KvmRunDecoder.decode(kvmRun));
        kvmRun.putInt(8, KvmRunDecoder.KVM_EXIT_SHUTDOWN);
        assertEquals(new VcpuExit.Shutdown(), KvmRunDecoder.decode(kvmRun));
        kvmRun.putInt(8, KvmRunDecoder.KVM_EXIT_INTR);
        assertEquals(new VcpuExit.Interrupted(), KvmRunDecoder.decode(kvmRun));
        kvmRun.putInt(8, 7); // KVM_EXIT_IRQ_WINDOW_OPEN
        assertEquals(new VcpuExit.Other(7), KvmRunDecoder.decode(kvmRun));
    }
}
