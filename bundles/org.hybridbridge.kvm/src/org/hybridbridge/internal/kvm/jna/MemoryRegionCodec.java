package org.hybridbridge.internal.kvm.jna;

import java.nio.ByteBuffer;

/** Encodes {@code struct kvm_userspace_memory_region} (32 bytes, checked against linux/kvm.h). */
public final class MemoryRegionCodec {

    /** {@code sizeof(struct kvm_userspace_memory_region)}. */
    public static final int SIZE = 32;

    // offsetof(...) of each field
    private static final int SLOT = 0;
    private static final int FLAGS = 4;
    private static final int GUEST_PHYS_ADDR = 8;
    private static final int MEMORY_SIZE = 16;
    private static final int USERSPACE_ADDR = 24;

    private MemoryRegionCodec() {
    }

    /** Writes a read-write slot (flags 0) into {@code buffer}, which must be little-endian. */
    public static void encode(int slot, long guestPhysical, long size, long hostAddress, ByteBuffer buffer) {
        buffer.putInt(SLOT, slot);
        buffer.putInt(FLAGS, 0);
        buffer.putLong(GUEST_PHYS_ADDR, guestPhysical);
        buffer.putLong(MEMORY_SIZE, size);
        buffer.putLong(USERSPACE_ADDR, hostAddress);
    }
}
