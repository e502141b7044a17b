package org.hybridbridge.internal.kvm.jna;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The computed request numbers against those linux/kvm.h yields (printed by a C program). */
class KvmIoctlsTest {

    @Test
    void systemIoctlsCarryNoArgumentStructure() {
        assertEquals(0xAE00L, KvmIoctls.KVM_GET_API_VERSION);
        assertEquals(0xAE01L, KvmIoctls.KVM_CREATE_VM);
        assertEquals(0xAE04L, KvmIoctls.KVM_GET_VCPU_MMAP_SIZE);
        assertEquals(0xAE41L, KvmIoctls.KVM_CREATE_VCPU);
        assertEquals(0xAE80L, KvmIoctls.KVM_RUN);
    }

    @Test
    void structureIoctlsEncodeDirectionAndSize() {
        assertEquals(0x4020AE46L, KvmIoctls.KVM_SET_USER_MEMORY_REGION);
        assertEquals(0x8090AE81L, KvmIoctls.KVM_GET_REGS);
        assertEquals(0x4090AE82L, KvmIoctls.KVM_SET_REGS);
        assertEquals(0x8138AE83L, KvmIoctls.KVM_GET_SREGS);
        assertEquals(0x4138AE84L, KvmIoctls.KVM_SET_SREGS);
    }

    @Test
    void macrosPlaceTheirFieldsLikeAsmGenericIoctlH() {
        assertEquals(0x0000_1234L, KvmIoctls.io(0x12, 0x34));
        assertEquals(0x8008_1234L, KvmIoctls.ior(0x12, 0x34, 8));
        assertEquals(0x4008_1234L, KvmIoctls.iow(0x12, 0x34, 8));
    }
}
