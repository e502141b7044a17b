package org.hybridbridge.internal.kvm.jna;

/**
 * The ioctl request numbers of {@code linux/kvm.h}, computed as the kernel's {@code _IO},
 * {@code _IOR} and {@code _IOW} macros compute them ({@code asm-generic/ioctl.h}), so each
 * number shows where it comes from. Checked against the values the C header yields.
 */
public final class KvmIoctls {

    /** {@code KVMIO}, the ioctl type byte of every KVM request. */
    static final int KVMIO = 0xAE;

    private static final int NR_SHIFT = 0;
    private static final int TYPE_SHIFT = 8;
    private static final int SIZE_SHIFT = 16;
    private static final int DIR_SHIFT = 30;
    private static final long IOC_NONE = 0;
    private static final long IOC_WRITE = 1;
    private static final long IOC_READ = 2;

    /** {@code _IO(KVMIO, 0x00)} on /dev/kvm: returns 12. */
    public static final long KVM_GET_API_VERSION = io(KVMIO, 0x00);
    /** {@code _IO(KVMIO, 0x01)} on /dev/kvm: returns a VM fd. */
    public static final long KVM_CREATE_VM = io(KVMIO, 0x01);
    /** {@code KVM_CHECK_EXTENSION}: an argument-less capability's value, 0 when absent. */
    public static final long KVM_CHECK_EXTENSION = io(KVMIO, 0x03);
    /** {@code _IO(KVMIO, 0x04)} on /dev/kvm: the size of a vCPU's {@code kvm_run} mapping. */
    public static final long KVM_GET_VCPU_MMAP_SIZE = io(KVMIO, 0x04);
    /** {@code _IOWR(KVMIO, 0x05, struct kvm_cpuid2)} on /dev/kvm: the CPUID leaves KVM can offer. */
    public static final long KVM_GET_SUPPORTED_CPUID = iowr(KVMIO, 0x05, CpuidCodec.HEADER_SIZE);
    /** {@code _IO(KVMIO, 0x41)} on a VM fd: returns a vCPU fd. */
    public static final long KVM_CREATE_VCPU = io(KVMIO, 0x41);
    /** {@code _IOW(KVMIO, 0x46, struct kvm_userspace_memory_region)} on a VM fd. */
    public static final long KVM_SET_USER_MEMORY_REGION = iow(KVMIO, 0x46, MemoryRegionCodec.SIZE);
    /** {@code _IO(KVMIO, 0x80)} on a vCPU fd. */
    public static final long KVM_RUN = io(KVMIO, 0x80);
    /** {@code _IOR(KVMIO, 0x81, struct kvm_regs)} on a vCPU fd. */
    public static final long KVM_GET_REGS = ior(KVMIO, 0x81, RegsCodec.SIZE);
    /** {@code _IOW(KVMIO, 0x82, struct kvm_regs)} on a vCPU fd. */
    public static final long KVM_SET_REGS = iow(KVMIO, 0x82, RegsCodec.SIZE);
    /** {@code _IOR(KVMIO, 0x83, struct kvm_sregs)} on a vCPU fd. */
    public static final long KVM_GET_SREGS = ior(KVMIO, 0x83, SregsCodec.SIZE);
    /** {@code _IOW(KVMIO, 0x84, struct kvm_sregs)} on a vCPU fd. */
    public static final long KVM_SET_SREGS = iow(KVMIO, 0x84, SregsCodec.SIZE);

    /** {@code _IOW(KVMIO, 0x89, struct kvm_msrs)} on a vCPU fd: returns how many MSRs were set. */
    public static final long KVM_SET_MSRS = iow(KVMIO, 0x89, MsrsCodec.HEADER_SIZE);
    /** {@code _IOW(KVMIO, 0x90, struct kvm_cpuid2)} on a vCPU fd. */
    public static final long KVM_SET_CPUID2 = iow(KVMIO, 0x90, CpuidCodec.HEADER_SIZE);
    /** {@code _IOR(KVMIO, 0x9f, struct kvm_vcpu_events)} on a vCPU fd. */
    public static final long KVM_GET_VCPU_EVENTS = ior(KVMIO, 0x9f, VcpuEventsCodec.SIZE);

    private KvmIoctls() {
    }

    /** {@code _IO(type, nr)}: a request without an argument structure. */
    static long io(int type, int nr) {
        return request(IOC_NONE, type, nr, 0);
    }

    /** {@code _IOR(type, nr, size)}: the kernel writes a structure of {@code size} bytes. */
    static long ior(int type, int nr, int size) {
        return request(IOC_READ, type, nr, size);
    }

    /** {@code _IOW(type, nr, size)}: the kernel reads a structure of {@code size} bytes. */
    static long iow(int type, int nr, int size) {
        return request(IOC_WRITE, type, nr, size);
    }

    /** {@code _IOWR(type, nr, size)}: the kernel reads and writes a structure of {@code size} bytes. */
    static long iowr(int type, int nr, int size) {
        return request(IOC_READ | IOC_WRITE, type, nr, size);
    }

    private static long request(long direction, int type, int nr, int size) {
        return direction << DIR_SHIFT | (long) size << SIZE_SHIFT | (long) type << TYPE_SHIFT | (long) nr << NR_SHIFT;
    }
}
