package org.hybridbridge.kvm;

import java.nio.ByteOrder;

import org.hybridbridge.internal.kvm.jna.KvmIoctls;
import org.hybridbridge.internal.kvm.jna.LibC;
import org.hybridbridge.internal.kvm.jna.MemoryRegionCodec;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;

/** A VM file descriptor: its memory slots and its vCPUs. */
public final class KvmVm implements AutoCloseable {

    private final int fd;
    private final int vcpuMapSize;
    private boolean closed;

    KvmVm(int fd, int vcpuMapSize) {
        this.fd = fd;
        this.vcpuMapSize = vcpuMapSize;
    }

    /**
     * {@code KVM_SET_USER_MEMORY_REGION}: maps all of {@code memory} read-write at guest-physical
     * address {@code guestPhysical} as slot {@code slot}. {@code memory} must stay open as long as
     * this VM runs.
     */
    public void setUserMemoryRegion(int slot, long guestPhysical, GuestMemory memory) {
        try (Memory region = new Memory(MemoryRegionCodec.SIZE)) {
            MemoryRegionCodec.encode(slot, guestPhysical, memory.size(), memory.hostAddress(),
                    region.getByteBuffer(0, MemoryRegionCodec.SIZE).order(ByteOrder.LITTLE_ENDIAN));
            LibC.ioctl(fd, "KVM_SET_USER_MEMORY_REGION", KvmIoctls.KVM_SET_USER_MEMORY_REGION, region);
        }
    }

    /** {@code KVM_CREATE_VCPU} with its {@code kvm_run} mapped. */
    public KvmVcpu createVcpu(int id) {
        int vcpuFd = LibC.ioctl(fd, "KVM_CREATE_VCPU", KvmIoctls.KVM_CREATE_VCPU, id);
        try {
            Pointer kvmRun = LibC.mapShared(vcpuFd, vcpuMapSize, "kvm_run of vCPU " + id);
            return new KvmVcpu(vcpuFd, kvmRun, vcpuMapSize);
        } catch (KvmException e) {
            LibC.close(vcpuFd, "vCPU " + id);
            throw e;
        }
    }

    /** Closes the VM fd; KVM frees the VM once its vCPUs are closed too. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            LibC.close(fd, "VM");
        }
    }
}
