package org.hybridbridge.internal.kvm.jna;

import java.nio.ByteBuffer;

import org.hybridbridge.kvm.VcpuExit;

/**
 * Decodes why {@code KVM_RUN} returned from a vCPU's shared {@code struct kvm_run}. Offsets and
 * exit-reason numbers checked against linux/kvm.h.
 */
public final class KvmRunDecoder {

    // offsetof(struct kvm_run, ...)
    private static final int EXIT_REASON = 8;
    private static final int EXIT_DATA = 32; // the union of per-reason structures
    private static final int IO_DIRECTION = EXIT_DATA;
    private static final int IO_SIZE = EXIT_DATA + 1;
    private static final int IO_PORT = EXIT_DATA + 2;
    private static final int IO_COUNT = EXIT_DATA + 4;
    private static final int IO_DATA_OFFSET = EXIT_DATA + 8;
    private static final int MMIO_ADDRESS = EXIT_DATA;
    /** {@code mmio.data}, the 8 bytes a read is answered in and a write's bytes are given in. */
    public static final int MMIO_DATA = EXIT_DATA + 8;
    private static final int MMIO_LENGTH = EXIT_DATA + 16;
    private static final int MMIO_IS_WRITE = EXIT_DATA + 20;
    private static final int FAIL_ENTRY_REASON = EXIT_DATA;
    private static final int INTERNAL_SUBERROR = EXIT_DATA;
    private static final int DEBUG_EXCEPTION = EXIT_DATA;
    private static final int DEBUG_PC = EXIT_DATA + 8;

    /** {@code kvm_valid_regs}: which sets KVM writes into {@code s.regs} at every exit. */
    public static final int VALID_REGS = 288;
    /** {@code kvm_dirty_regs}: which sets of {@code s.regs} KVM loads at the next {@code KVM_RUN}. */
    public static final int DIRTY_REGS = 296;
    /** {@code s.regs} ({@code struct kvm_sync_regs}): regs, then sregs, then vcpu events. */
    public static final int SYNC_REGS = 304;
    public static final int SYNC_SREGS = SYNC_REGS + RegsCodec.SIZE;
    public static final int SYNC_EVENTS = SYNC_SREGS + SregsCodec.SIZE;
    /** KVM_SYNC_X86_REGS, KVM_SYNC_X86_SREGS, KVM_SYNC_X86_EVENTS. */
    public static final long SYNC_X86_REGS = 1, SYNC_X86_SREGS = 2, SYNC_X86_EVENTS = 4;
    /** The three sets together: what {@code KvmVcpu#syncRegisters} asks KVM to carry. */
    public static final long SYNC_X86_ALL = SYNC_X86_REGS | SYNC_X86_SREGS | SYNC_X86_EVENTS;

    // KVM_EXIT_* and KVM_EXIT_IO_*
    static final int KVM_EXIT_IO = 2;
    static final int KVM_EXIT_DEBUG = 4;
    static final int KVM_EXIT_HLT = 5;
    static final int KVM_EXIT_MMIO = 6;
    static final int KVM_EXIT_SHUTDOWN = 8;
    static final int KVM_EXIT_FAIL_ENTRY = 9;
    static final int KVM_EXIT_INTR = 10;
    static final int KVM_EXIT_INTERNAL_ERROR = 17;
    static final int KVM_EXIT_IO_OUT = 1;

    private KvmRunDecoder() {
    }

    /** Decodes the exit described by {@code kvmRun}, the whole little-endian mapping. */
    public static VcpuExit decode(ByteBuffer kvmRun) {
        int reason = kvmRun.getInt(EXIT_REASON);
        return switch (reason) {
            case KVM_EXIT_IO -> decodeIo(kvmRun);
            case KVM_EXIT_HLT -> new VcpuExit.Hlt();
            case KVM_EXIT_MMIO -> decodeMmio(kvmRun);
            case KVM_EXIT_SHUTDOWN -> new VcpuExit.Shutdown();
            case KVM_EXIT_DEBUG -> new VcpuExit.Debug(kvmRun.getInt(DEBUG_EXCEPTION), kvmRun.getLong(DEBUG_PC));
            case KVM_EXIT_INTERNAL_ERROR -> new VcpuExit.InternalError(kvmRun.getInt(INTERNAL_SUBERROR));
            case KVM_EXIT_FAIL_ENTRY -> new VcpuExit.FailEntry(kvmRun.getLong(FAIL_ENTRY_REASON));
            case KVM_EXIT_INTR -> new VcpuExit.Interrupted();
            default -> new VcpuExit.Other(reason);
        };
    }

    private static VcpuExit decodeMmio(ByteBuffer kvmRun) {
        int length = kvmRun.getInt(MMIO_LENGTH);
        boolean write = kvmRun.get(MMIO_IS_WRITE) != 0;
        long data = write ? kvmRun.getLong(MMIO_DATA) & (length >= 8 ? -1L : (1L << 8 * length) - 1) : 0;
        return new VcpuExit.Mmio(kvmRun.getLong(MMIO_ADDRESS), length, write, data);
    }

    private static VcpuExit decodeIo(ByteBuffer kvmRun) {
        int size = kvmRun.get(IO_SIZE) & 0xFF;
        int port = Short.toUnsignedInt(kvmRun.getShort(IO_PORT));
        int count = kvmRun.getInt(IO_COUNT);
        if (kvmRun.get(IO_DIRECTION) != KVM_EXIT_IO_OUT) {
            return new VcpuExit.IoIn(port, size, count);
        }
        // The bytes written live in the same mapping, data_offset bytes from its start.
        byte[] data = new byte[size * count];
        kvmRun.get(Math.toIntExact(kvmRun.getLong(IO_DATA_OFFSET)), data);
        return new VcpuExit.IoOut(port, size, data);
    }
}
