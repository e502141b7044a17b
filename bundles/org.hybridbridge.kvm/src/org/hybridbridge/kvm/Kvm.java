package org.hybridbridge.kvm;

import java.nio.file.Path;

import org.hybridbridge.internal.kvm.jna.CpuidCodec;
import org.hybridbridge.internal.kvm.jna.KvmIoctls;
import org.hybridbridge.internal.kvm.jna.KvmRunDecoder;
import org.hybridbridge.internal.kvm.jna.LibC;

import com.sun.jna.Memory;

/** The KVM device ({@code /dev/kvm}): the system-level ioctls. */
public final class Kvm implements AutoCloseable {

    /** Where Linux puts the KVM device. */
    public static final Path DEFAULT_DEVICE = Path.of("/dev/kvm");

    private final int fd;
    private boolean closed;

    private Kvm(int fd) {
        this.fd = fd;
    }

    /** Opens {@link #DEFAULT_DEVICE}. */
    public static Kvm open() {
        return open(DEFAULT_DEVICE);
    }

    /**
     * Opens the KVM device at {@code device} read-write.
     *
     * @throws KvmException if it cannot be opened
     */
    public static Kvm open(Path device) {
        return new Kvm(LibC.openReadWrite(device));
    }

    /** {@code KVM_GET_API_VERSION}: 12 on every Linux since 2.6.22. */
    public int apiVersion() {
        return LibC.ioctl(fd, "KVM_GET_API_VERSION", KvmIoctls.KVM_GET_API_VERSION, 0L);
    }

    /** {@code KVM_CAP_SYNC_REGS}: the register sets {@code kvm_run} can carry (KVM_SYNC_X86_*). */
    public static final int CAP_SYNC_REGS = 74;

    /** {@code KVM_CHECK_EXTENSION}: the capability's value, 0 when this KVM lacks it. */
    public int checkExtension(int capability) {
        return LibC.ioctl(fd, "KVM_CHECK_EXTENSION", KvmIoctls.KVM_CHECK_EXTENSION, capability);
    }

    /** @return whether {@code kvm_run} can carry the registers, special registers and events ({@link KvmVcpu#syncRegisters}) */
    public boolean syncsRegisters() {
        return (checkExtension(CAP_SYNC_REGS) & KvmRunDecoder.SYNC_X86_ALL) == KvmRunDecoder.SYNC_X86_ALL;
    }

    /** {@code KVM_CREATE_VM}: a new VM with no memory and no vCPUs. */
    public KvmVm createVm() {
        int vcpuMapSize = LibC.ioctl(fd, "KVM_GET_VCPU_MMAP_SIZE", KvmIoctls.KVM_GET_VCPU_MMAP_SIZE, 0L);
        int vmFd = LibC.ioctl(fd, "KVM_CREATE_VM", KvmIoctls.KVM_CREATE_VM, 0L);
        return new KvmVm(vmFd, vcpuMapSize);
    }

    /** {@code KVM_GET_SUPPORTED_CPUID}: every CPUID leaf this KVM can offer a vCPU. */
    public CpuidTable supportedCpuid() {
        int size = CpuidCodec.HEADER_SIZE + CpuidCodec.MAX_ENTRIES * CpuidCodec.ENTRY_SIZE;
        try (Memory buffer = new Memory(size)) {
            buffer.clear();
            buffer.setInt(0, CpuidCodec.MAX_ENTRIES);
            LibC.ioctl(fd, "KVM_GET_SUPPORTED_CPUID", KvmIoctls.KVM_GET_SUPPORTED_CPUID, buffer);
            int count = buffer.getInt(0);
            return new CpuidTable(count, buffer.getByteArray(CpuidCodec.HEADER_SIZE, count * CpuidCodec.ENTRY_SIZE));
        }
    }

    /** Closes the device; VMs created from it stay usable until closed themselves. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            LibC.close(fd, "/dev/kvm");
        }
    }
}
