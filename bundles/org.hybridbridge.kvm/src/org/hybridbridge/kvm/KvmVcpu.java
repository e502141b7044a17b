package org.hybridbridge.kvm;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Map;

import org.hybridbridge.internal.kvm.jna.CpuidCodec;
import org.hybridbridge.internal.kvm.jna.KvmIoctls;
import org.hybridbridge.internal.kvm.jna.KvmRunDecoder;
import org.hybridbridge.internal.kvm.jna.LibC;
import org.hybridbridge.internal.kvm.jna.MsrsCodec;
import org.hybridbridge.internal.kvm.jna.RegsCodec;
import org.hybridbridge.internal.kvm.jna.SregsCodec;
import org.hybridbridge.internal.kvm.jna.VcpuEventsCodec;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;

/** A vCPU file descriptor and its shared {@code kvm_run} page: state and the run ioctl. */
public final class KvmVcpu implements AutoCloseable {

    private final int fd;
    private final Pointer kvmRun;
    private final int kvmRunSize;
    private boolean closed;

    KvmVcpu(int fd, Pointer kvmRun, int kvmRunSize) {
        this.fd = fd;
        this.kvmRun = kvmRun;
        this.kvmRunSize = kvmRunSize;
    }

    /** {@code KVM_GET_REGS}. */
    public Regs getRegs() {
        try (Memory buffer = new Memory(RegsCodec.SIZE)) {
            LibC.ioctl(fd, "KVM_GET_REGS", KvmIoctls.KVM_GET_REGS, buffer);
            return RegsCodec.decode(littleEndian(buffer, RegsCodec.SIZE));
        }
    }

    /** {@code KVM_SET_REGS}. */
    public void setRegs(Regs regs) {
        try (Memory buffer = new Memory(RegsCodec.SIZE)) {
            RegsCodec.encode(regs, littleEndian(buffer, RegsCodec.SIZE));
            LibC.ioctl(fd, "KVM_SET_REGS", KvmIoctls.KVM_SET_REGS, buffer);
        }
    }

    /** {@code KVM_GET_SREGS}. */
    public Sregs getSregs() {
        try (Memory buffer = new Memory(SregsCodec.SIZE)) {
            LibC.ioctl(fd, "KVM_GET_SREGS", KvmIoctls.KVM_GET_SREGS, buffer);
            return SregsCodec.decode(littleEndian(buffer, SregsCodec.SIZE));
        }
    }

    /** {@code KVM_SET_SREGS}. */
    public void setSregs(Sregs sregs) {
        try (Memory buffer = new Memory(SregsCodec.SIZE)) {
            SregsCodec.encode(sregs, littleEndian(buffer, SregsCodec.SIZE));
            LibC.ioctl(fd, "KVM_SET_SREGS", KvmIoctls.KVM_SET_SREGS, buffer);
        }
    }

    /** {@code KVM_GET_VCPU_EVENTS}: the exception KVM recorded (what stopped a guest without an IDT). */
    public PendingException pendingException() {
        try (Memory buffer = new Memory(VcpuEventsCodec.SIZE)) {
            LibC.ioctl(fd, "KVM_GET_VCPU_EVENTS", KvmIoctls.KVM_GET_VCPU_EVENTS, buffer);
            return VcpuEventsCodec.decode(littleEndian(buffer, VcpuEventsCodec.SIZE));
        }
    }

    /**
     * {@code KVM_SET_MSRS}: sets each MSR (index to value).
     *
     * @throws KvmException naming the first MSR KVM refused
     */
    public void setMsrs(Map<Integer, Long> msrs) {
        int size = MsrsCodec.size(msrs.size());
        try (Memory buffer = new Memory(size)) {
            MsrsCodec.encode(msrs, littleEndian(buffer, size));
            int set = LibC.ioctl(fd, "KVM_SET_MSRS", KvmIoctls.KVM_SET_MSRS, buffer);
            if (set != msrs.size()) {
                int refused = List.copyOf(msrs.keySet()).get(set);
                throw new KvmException(String.format("KVM_SET_MSRS of MSR %#x", refused), 0, "refused by KVM");
            }
        }
    }

    /** {@code KVM_SET_CPUID2}: the CPUID leaves the guest sees. */
    public void setCpuid(CpuidTable cpuid) {
        byte[] entries = cpuid.entries();
        try (Memory buffer = new Memory(CpuidCodec.HEADER_SIZE + entries.length)) {
            buffer.setInt(0, cpuid.count());
            buffer.setInt(4, 0);
            buffer.write(CpuidCodec.HEADER_SIZE, entries, 0, entries.length);
            LibC.ioctl(fd, "KVM_SET_CPUID2", KvmIoctls.KVM_SET_CPUID2, buffer);
        }
    }

    /**
     * {@code KVM_RUN}: runs the guest until it exits. A pending signal is an exit too
     * ({@link VcpuExit.Interrupted}), not an exception. Port I/O of the last exit completes when
     * this is called again.
     */
    public VcpuExit run() {
        try {
            LibC.ioctl(fd, "KVM_RUN", KvmIoctls.KVM_RUN, 0L);
        } catch (KvmException e) {
            if (e.errno() != LibC.EINTR) {
                throw e;
            }
        }
        return KvmRunDecoder.decode(littleEndian(kvmRun, kvmRunSize));
    }

    /**
     * Answers the {@link VcpuExit.Mmio} read of the last exit: its bytes are the low ones of
     * {@code value}, which the guest's load receives when {@link #run()} is called again.
     */
    public void completeMmioRead(long value) {
        kvmRun.setLong(KvmRunDecoder.MMIO_DATA, value);
    }

    /** Unmaps {@code kvm_run} and closes the vCPU fd. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            try {
                LibC.unmap(kvmRun, kvmRunSize);
            } finally {
                LibC.close(fd, "vCPU");
            }
        }
    }

    private static ByteBuffer littleEndian(Pointer memory, int size) {
        return memory.getByteBuffer(0, size).order(ByteOrder.LITTLE_ENDIAN);
    }
}
