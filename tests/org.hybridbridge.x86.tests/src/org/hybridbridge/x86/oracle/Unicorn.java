package org.hybridbridge.x86.oracle;

import java.util.Optional;

import org.hybridbridge.x86.exec.CpuModel;
import org.hybridbridge.x86.exec.CpuidResult;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.LongByReference;
import com.sun.jna.ptr.PointerByReference;

/**
 * One Unicorn x86-64 engine ({@code uc_open(UC_ARCH_X86, UC_MODE_64)}): QEMU's TCG CPU as a
 * library, the oracle the engine runs in lockstep with. Every failing call throws an
 * {@link IllegalStateException} with the operation and {@code uc_strerror}'s text.
 */
final class Unicorn implements AutoCloseable {

    /** Unicorn's register ids ({@code uc_x86_reg}) of RAX..R15 in encoding order. */
    private static final int[] GPR_IDS = { 35, 38, 40, 37, 44, 36, 43, 39, 106, 107, 108, 109, 110, 111, 112, 113 };
    private static final int RIP = 41, RFLAGS = 253, FS_BASE = 250, GS_BASE = 251, XMM0 = 122, FPCW = 246,
            MXCSR = 249;
    /** The x87 control word and MXCSR a Linux process starts with (Unicorn's reset leaves FCW 0). */
    private static final int INITIAL_FPCW = 0x37F, INITIAL_MXCSR = 0x1F80;
    private static final int XMM_COUNT = 16;
    /** The registers one {@link #registers()} reads in a single batch, 16 bytes of room each. */
    private static final int[] SNAPSHOT_IDS = snapshotIds();
    private static final int SLOT = 16;

    private final Pointer handle;
    private final Memory scalar = new Memory(SLOT);
    private final Memory snapshotIds = new Memory(4L * SNAPSHOT_IDS.length);
    private final Memory snapshotValues = new Memory((long) SLOT * SNAPSHOT_IDS.length);
    private final Memory snapshotPointers = new Memory(8L * SNAPSHOT_IDS.length);
    /** Held so the garbage collector does not free the callback while Unicorn may call it. */
    private UnicornLibrary.CpuidHook cpuidHook;

    private Unicorn(Pointer handle) {
        this.handle = handle;
        snapshotIds.write(0, SNAPSHOT_IDS, 0, SNAPSHOT_IDS.length);
        for (int i = 0; i < SNAPSHOT_IDS.length; i++) {
            snapshotPointers.setPointer(8L * i, snapshotValues.share((long) SLOT * i));
        }
    }

    /** @return why Unicorn cannot be used here, or empty when {@code libunicorn.so.2} loads */
    static Optional<String> unavailableReason() {
        try {
            UnicornLibrary.uc_version(null, null);
            return Optional.empty();
        } catch (LinkageError e) {
            return Optional.of("libunicorn.so.2 is not installed (apt-get install libunicorn2): " + e.getMessage());
        }
    }

    /** Opens an x86-64 engine with no memory mapped. */
    static Unicorn open64() {
        PointerByReference engine = new PointerByReference();
        check(UnicornLibrary.uc_open(UnicornLibrary.UC_ARCH_X86, UnicornLibrary.UC_MODE_64, engine), "uc_open");
        Unicorn unicorn = new Unicorn(engine.getValue());
        unicorn.writeRegister(FPCW, INITIAL_FPCW);
        unicorn.writeRegister(MXCSR, INITIAL_MXCSR);
        return unicorn;
    }

    /** Maps {@code size} bytes at {@code address} (both page-aligned) readable, writable and executable. */
    void map(long address, long size) {
        check(UnicornLibrary.uc_mem_map(handle, address, size, UnicornLibrary.UC_PROT_ALL),
                String.format("uc_mem_map(%#x, %#x)", address, size));
    }

    void write(long address, byte[] bytes) {
        check(UnicornLibrary.uc_mem_write(handle, address, bytes, bytes.length),
                String.format("uc_mem_write(%#x, %d bytes)", address, bytes.length));
    }

    byte[] read(long address, int length) {
        byte[] bytes = new byte[length];
        check(UnicornLibrary.uc_mem_read(handle, address, bytes, length),
                String.format("uc_mem_read(%#x, %d bytes)", address, length));
        return bytes;
    }

    long gpr(int number) {
        return readRegister(GPR_IDS[number]);
    }

    void setGpr(int number, long value) {
        writeRegister(GPR_IDS[number], value);
    }

    long rip() {
        return readRegister(RIP);
    }

    void setRip(long value) {
        writeRegister(RIP, value);
    }

    void setRegisters(RegisterFile registers) {
        for (int i = 0; i < GPR_IDS.length; i++) {
            writeRegister(GPR_IDS[i], registers.gprs()[i]);
        }
        writeRegister(RIP, registers.rip());
        writeRegister(RFLAGS, registers.rflags());
        writeRegister(FS_BASE, registers.fsBase());
        writeRegister(GS_BASE, registers.gsBase());
        for (int i = 0; i < XMM_COUNT; i++) {
            scalar.setLong(0, registers.xmm()[2 * i]);
            scalar.setLong(8, registers.xmm()[2 * i + 1]);
            check(UnicornLibrary.uc_reg_write(handle, XMM0 + i, scalar), "uc_reg_write(xmm" + i + ")");
        }
    }

    void setFsBase(long value) {
        writeRegister(FS_BASE, value);
    }

    /** @return the registers the lockstep compares, read in one {@code uc_reg_read_batch} */
    RegisterFile registers() {
        check(UnicornLibrary.uc_reg_read_batch(handle, snapshotIds, snapshotPointers, SNAPSHOT_IDS.length),
                "uc_reg_read_batch");
        long[] gprs = new long[GPR_IDS.length];
        for (int i = 0; i < gprs.length; i++) {
            gprs[i] = snapshotValues.getLong((long) SLOT * i);
        }
        int next = GPR_IDS.length;
        long rip = snapshotValues.getLong((long) SLOT * next++);
        long rflags = snapshotValues.getLong((long) SLOT * next++);
        long fsBase = snapshotValues.getLong((long) SLOT * next++);
        long gsBase = snapshotValues.getLong((long) SLOT * next++);
        long[] xmm = new long[2 * XMM_COUNT];
        for (int i = 0; i < XMM_COUNT; i++, next++) {
            xmm[2 * i] = snapshotValues.getLong((long) SLOT * next);
            xmm[2 * i + 1] = snapshotValues.getLong((long) SLOT * next + 8);
        }
        return new RegisterFile(gprs, rip, rflags, fsBase, gsBase, xmm);
    }

    /** Executes exactly one instruction at RIP ({@code uc_emu_start} with count 1). */
    void step() {
        long rip = rip();
        check(UnicornLibrary.uc_emu_start(handle, rip, 0, 0, 1), String.format("uc_emu_start at %#x", rip));
    }

    /** Answers every {@code cpuid} from {@code model} instead of Unicorn's own CPU model. */
    void answerCpuid(CpuModel model) {
        cpuidHook = (uc, userData) -> {
            CpuidResult answer = model.cpuid((int) gpr(0), (int) gpr(1));
            setGpr(0, Integer.toUnsignedLong(answer.eax()));
            setGpr(3, Integer.toUnsignedLong(answer.ebx()));
            setGpr(1, Integer.toUnsignedLong(answer.ecx()));
            setGpr(2, Integer.toUnsignedLong(answer.edx()));
            return 1;
        };
        check(UnicornLibrary.uc_hook_add(handle, new LongByReference(), UnicornLibrary.UC_HOOK_INSN, cpuidHook, null,
                1, 0, UnicornLibrary.UC_X86_INS_CPUID), "uc_hook_add(cpuid)");
    }

    @Override
    public void close() {
        check(UnicornLibrary.uc_close(handle), "uc_close");
    }

    private long readRegister(int id) {
        check(UnicornLibrary.uc_reg_read(handle, id, scalar), "uc_reg_read(" + id + ")");
        return scalar.getLong(0);
    }

    private void writeRegister(int id, long value) {
        scalar.setLong(0, value);
        check(UnicornLibrary.uc_reg_write(handle, id, scalar), "uc_reg_write(" + id + ")");
    }

    private static int[] snapshotIds() {
        int[] ids = new int[GPR_IDS.length + 4 + XMM_COUNT];
        System.arraycopy(GPR_IDS, 0, ids, 0, GPR_IDS.length);
        int next = GPR_IDS.length;
        ids[next++] = RIP;
        ids[next++] = RFLAGS;
        ids[next++] = FS_BASE;
        ids[next++] = GS_BASE;
        for (int i = 0; i < XMM_COUNT; i++) {
            ids[next++] = XMM0 + i;
        }
        return ids;
    }

    private static void check(int error, String operation) {
        if (error != 0) {
            throw new IllegalStateException(operation + ": " + UnicornLibrary.uc_strerror(error) + " (uc_err " + error + ")");
        }
    }
}
