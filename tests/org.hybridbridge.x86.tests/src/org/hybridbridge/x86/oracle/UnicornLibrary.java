package org.hybridbridge.x86.oracle;

import com.sun.jna.Callback;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.LongByReference;
import com.sun.jna.ptr.PointerByReference;

/**
 * The functions of {@code libunicorn.so.2} (Debian {@code libunicorn2}, Unicorn 2.0.1) the oracle
 * uses, direct-mapped through JNA. Loading this class fails with a {@link LinkageError} when the
 * library is not installed; {@link Unicorn#unavailableReason()} turns that into a skip reason.
 * Constants are the values of {@code unicorn.h}/{@code x86.h} 2.0.1 (printed by a C program).
 */
final class UnicornLibrary {

    static final int UC_ARCH_X86 = 4;
    static final int UC_MODE_64 = 8;
    static final int UC_PROT_ALL = 7;
    static final int UC_HOOK_INSN = 2;
    static final int UC_X86_INS_CPUID = 113;

    static {
        // the versioned name goes to dlopen unchanged, so no libunicorn.so (the -dev package) is needed
        Native.register(NativeLibrary.getInstance("libunicorn.so.2"));
    }

    private UnicornLibrary() {
    }

    /** {@code uc_cb_insn_cpuid_t}: returns nonzero when it has answered the instruction itself. */
    interface CpuidHook extends Callback {
        int invoke(Pointer uc, Pointer userData);
    }

    static native int uc_version(Pointer major, Pointer minor);

    static native int uc_open(int arch, int mode, PointerByReference uc);

    static native int uc_close(Pointer uc);

    static native String uc_strerror(int error);

    static native int uc_mem_map(Pointer uc, long address, long size, int perms);

    static native int uc_mem_write(Pointer uc, long address, byte[] bytes, long size);

    static native int uc_mem_read(Pointer uc, long address, byte[] bytes, long size);

    static native int uc_reg_write(Pointer uc, int regid, Pointer value);

    static native int uc_reg_read(Pointer uc, int regid, Pointer value);

    static native int uc_reg_read_batch(Pointer uc, Pointer regids, Pointer values, int count);

    static native int uc_emu_start(Pointer uc, long begin, long until, long timeout, long count);

    // uc_hook_add is variadic (the instruction id follows `end`); on x86-64 a call with the
    // argument fixed is ABI-compatible with the variadic callee
    static native int uc_hook_add(Pointer uc, LongByReference hook, int type, Callback callback, Pointer userData,
            long begin, long end, int instruction);
}
