package org.hybridbridge.internal.kvm.jna;

import java.nio.ByteBuffer;

import org.hybridbridge.kvm.PendingException;

/**
 * Decodes the exception part of {@code struct kvm_vcpu_events} (64 bytes; {@code exception} is
 * its first member: injected, nr, has_error_code, pending as bytes, then the u32 error code;
 * checked against linux/kvm.h).
 */
public final class VcpuEventsCodec {

    /** {@code sizeof(struct kvm_vcpu_events)}. */
    public static final int SIZE = 64;

    private static final int NR = 1;
    private static final int HAS_ERROR_CODE = 2;
    private static final int ERROR_CODE = 4;

    private VcpuEventsCodec() {
    }

    /** Reads the exception from {@code buffer}, which must be little-endian. */
    public static PendingException decode(ByteBuffer buffer) {
        return new PendingException(buffer.get(NR) & 0xFF, buffer.get(HAS_ERROR_CODE) != 0, buffer.getInt(ERROR_CODE));
    }
}
