package org.hybridbridge.internal.kvm.jna;

import java.nio.ByteBuffer;
import java.util.Map;

/**
 * Encodes {@code struct kvm_msrs}: {@code nmsrs}, padding, then {@code struct kvm_msr_entry}
 * (index, reserved, data) per MSR. Sizes checked against linux/kvm.h.
 */
public final class MsrsCodec {

    /** {@code sizeof(struct kvm_msrs)} without its entries. */
    public static final int HEADER_SIZE = 8;
    /** {@code sizeof(struct kvm_msr_entry)}. */
    public static final int ENTRY_SIZE = 16;

    private MsrsCodec() {
    }

    /** @return the bytes the structure takes for {@code count} MSRs */
    public static int size(int count) {
        return HEADER_SIZE + count * ENTRY_SIZE;
    }

    /** Writes {@code msrs} (index to value) into {@code buffer}, which must be little-endian. */
    public static void encode(Map<Integer, Long> msrs, ByteBuffer buffer) {
        buffer.putInt(0, msrs.size());
        buffer.putInt(4, 0);
        int at = HEADER_SIZE;
        for (Map.Entry<Integer, Long> msr : msrs.entrySet()) {
            buffer.putInt(at, msr.getKey());
            buffer.putInt(at + 4, 0);
            buffer.putLong(at + 8, msr.getValue());
            at += ENTRY_SIZE;
        }
    }
}
