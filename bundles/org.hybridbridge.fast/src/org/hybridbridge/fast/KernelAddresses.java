package org.hybridbridge.fast;

import java.util.NavigableSet;

import org.hybridbridge.qemu.KernelProfile;

/**
 * The kernel symbols Fast-Bridge patches or reads, from the kernel profile.
 *
 * @param entrySyscall       {@code entry_SYSCALL_64}: LSTAR
 * @param returnThroughIret  {@code swapgs_restore_regs_and_return_to_usermode}: the iretq return path
 * @param loadGsIndex        {@code asm_load_gs_index}
 * @param sysCallTable       {@code sys_call_table}: the service routine of each system call
 * @param initTopPgt         {@code init_top_pgt}: the kernel half every new page-table root copies
 * @param textStart          {@code _text}: the kernel's code, scanned for {@code rdtsc} and mapped to code copies
 * @param textEnd            {@code _etext}
 * @param functionStarts     the text symbols: where decoding may start (instruction boundaries)
 */
public record KernelAddresses(long entrySyscall, long returnThroughIret, long loadGsIndex, long sysCallTable,
        long initTopPgt, long textStart, long textEnd, NavigableSet<Long> functionStarts) {

    /** @param functionStarts the profile's text symbols, sorted (unsigned) */
    public static KernelAddresses of(KernelProfile profile, NavigableSet<Long> functionStarts) {
        return new KernelAddresses(profile.symbol("entry_SYSCALL_64"),
                profile.symbol("swapgs_restore_regs_and_return_to_usermode"), profile.symbol("asm_load_gs_index"),
                profile.symbol("sys_call_table"), profile.symbol("init_top_pgt"), profile.symbol("_text"),
                profile.symbol("_etext"), functionStarts);
    }
}
