package org.hybridbridge.core.run;

import java.util.List;

import org.hybridbridge.qemu.KernelProfile;
import org.hybridbridge.taint.KernelTroubleSites;
import org.hybridbridge.taint.shadow.AddressRange;
import org.hybridbridge.taint.shadow.KernelLayout;

/** What Slow-Bridge needs of a kernel build, from its profile. */
public final class ProfileLayout {

    /** THREAD_SIZE of x86-64 without KASAN (the Debian cloud kernel has none): 4 pages. */
    static final long KERNEL_STACK_SIZE = 16 * 1024;

    private ProfileLayout() {
    }

    /** @return the kernel's global data ({@code .rodata}, {@code .data}, {@code .bss}) and its symbols */
    public static KernelLayout of(KernelProfile profile) {
        List<AddressRange> globals = List.of(
                new AddressRange(profile.symbol("__start_rodata"), profile.symbol("__end_rodata")),
                new AddressRange(profile.sections().get("_sdata"), profile.sections().get("_edata")),
                new AddressRange(profile.sections().get("__bss_start"), profile.sections().get("__bss_stop")));
        return new KernelLayout(globals, KERNEL_STACK_SIZE, KernelSymbols.of(profile));
    }

    /**
     * @return where an introspected system call's redirection starts: {@code x64_sys_call}, the
     *         dispatcher to the syscall handlers (Linux 6.1.85 and later), else {@code do_syscall_64}
     */
    public static long serviceRoutine(KernelProfile profile) {
        return profile.findSymbol("x64_sys_call").orElseGet(() -> profile.symbol("do_syscall_64"));
    }

    /** @return the functions through which the kernel handles its own trouble (0 for one the build lacks) */
    public static KernelTroubleSites troubleSites(KernelProfile profile) {
        return new KernelTroubleSites(profile.findSymbol("__warn").orElse(0),
                profile.findSymbol("fixup_exception").orElse(0), profile.findSymbol("oops_begin").orElse(0));
    }
}
