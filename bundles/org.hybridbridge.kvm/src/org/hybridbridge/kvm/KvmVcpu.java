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
    /** Whether {@code kvm_run} carries the registers ({@link #syncRegisters}). */
    private boolean syncing;
    /** Whether KVM has written the registers into {@code kvm_run} yet: it does at the first exit. */
    private boolean synced;
    /** The sets written into {@code kvm_run} since the last run, for KVM to load. */
    private long dirty;

    KvmVcpu(int fd, Pointer kvmRun, int kvmRunSize) {
        this.fd = fd;
        this.kvmRun = kvmRun;
        this.kvmRunSize = kvmRunSize;
    }

    /** {@code KVM_GET_REGS}. */
    public Regs getRegs() {
        if (synced) {
            return RegsCodec.decode(littleEndian(kvmRun, KvmRunDecoder.SYNC_REGS, RegsCodec.SIZE));
        }
        try (Memory buffer = new Memory(RegsCodec.SIZE)) {
            LibC.ioctl(fd, "KVM_GET_REGS", KvmIoctls.KVM_GET_REGS, buffer);
            return RegsCodec.decode(littleEndian(buffer, 0, RegsCodec.SIZE));
        }
    }

    /** {@code KVM_SET_REGS}. */
    public void setRegs(Regs regs) {
        if (synced) {
            RegsCodec.encode(regs, littleEndian(kvmRun, KvmRunDecoder.SYNC_REGS, RegsCodec.SIZE));
            dirty |= KvmRunDecoder.SYNC_X86_REGS;
            return;
        }
        try (Memory buffer = new Memory(RegsCodec.SIZE)) {
            RegsCodec.encode(regs, littleEndian(buffer, 0, RegsCodec.SIZE));
            LibC.ioctl(fd, "KVM_SET_REGS", KvmIoctls.KVM_SET_REGS, buffer);
        }
    }

    /** {@code KVM_GET_SREGS}. */
    public Sregs getSregs() {
        if (synced) {
            return SregsCodec.decode(littleEndian(kvmRun, KvmRunDecoder.SYNC_SREGS, SregsCodec.SIZE));
        }
        try (Memory buffer = new Memory(SregsCodec.SIZE)) {
            LibC.ioctl(fd, "KVM_GET_SREGS", KvmIoctls.KVM_GET_SREGS, buffer);
            return SregsCodec.decode(littleEndian(buffer, 0, SregsCodec.SIZE));
        }
    }

    /** {@code KVM_SET_SREGS}. */
    public void setSregs(Sregs sregs) {
        if (!synced) {
            setSregsNow(sregs);
            return;
        }
        ByteBuffer area = littleEndian(kvmRun, KvmRunDecoder.SYNC_SREGS, SregsCodec.SIZE);
        if ((dirty & KvmRunDecoder.SYNC_X86_SREGS) != 0) {
            // each set takes effect as with the ioctl: a CR3 loaded and replaced before a run still flushes
            setSregsNow(SregsCodec.decode(area));
        }
        SregsCodec.encode(sregs, area);
        dirty |= KvmRunDecoder.SYNC_X86_SREGS;
    }

    private void setSregsNow(Sregs sregs) {
        try (Memory buffer = new Memory(SregsCodec.SIZE)) {
            SregsCodec.encode(sregs, littleEndian(buffer, 0, SregsCodec.SIZE));
            LibC.ioctl(fd, "KVM_SET_SREGS", KvmIoctls.KVM_SET_SREGS, buffer);
        }
    }

    /** {@code KVM_GET_VCPU_EVENTS}: the exception KVM recorded (what stopped a guest without an IDT). */
    public PendingException pendingException() {
        if (synced) {
            return VcpuEventsCodec.decode(littleEndian(kvmRun, KvmRunDecoder.SYNC_EVENTS, VcpuEventsCodec.SIZE));
        }
        try (Memory buffer = new Memory(VcpuEventsCodec.SIZE)) {
            LibC.ioctl(fd, "KVM_GET_VCPU_EVENTS", KvmIoctls.KVM_GET_VCPU_EVENTS, buffer);
            return VcpuEventsCodec.decode(littleEndian(buffer, 0, VcpuEventsCodec.SIZE));
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
            MsrsCodec.encode(msrs, littleEndian(buffer, 0, size));
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
        if (syncing) {
            kvmRun.setLong(KvmRunDecoder.DIRTY_REGS, dirty);
            dirty = 0;
        }
        try {
            LibC.ioctl(fd, "KVM_RUN", KvmIoctls.KVM_RUN, 0L);
        } catch (KvmException e) {
            if (e.errno() != LibC.EINTR) {
                throw e;
            }
        }
        synced = syncing;
        return KvmRunDecoder.decode(littleEndian(kvmRun, 0, kvmRunSize));
    }

    /**
     * {@code KVM_CAP_SYNC_REGS}: from the first exit on, KVM writes the registers, special
     * registers and events into {@code kvm_run} at every exit and loads the ones set here at the
     * next run, so reading and writing them costs no ioctl (four or five an exit otherwise).
     * The caller checks that this KVM can ({@link Kvm#syncsRegisters}).
     */
    public void syncRegisters() {
        syncing = true;
        kvmRun.setLong(KvmRunDecoder.VALID_REGS, KvmRunDecoder.SYNC_X86_ALL);
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

    /** @return {@code size} bytes of {@code memory} at {@code offset}, little-endian (kvm_run's: shared with KVM) */
    private static ByteBuffer littleEndian(Pointer memory, long offset, int size) {
        return memory.getByteBuffer(offset, size).order(ByteOrder.LITTLE_ENDIAN);
    }
}
