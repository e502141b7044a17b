package org.hybridbridge.fast;

import java.nio.file.Path;
import java.time.Duration;
import java.util.function.LongFunction;

import org.hybridbridge.taint.syscall.SyscallTable;

/**
 * How to run a utility in Fast-Bridge.
 *
 * @param syscalls         the syscall table the VMM classifies calls with (Slow-Bridge's)
 * @param kernel           the kernel addresses patched and read
 * @param symbols          names kernel addresses {@code symbol+0xoffset} in messages ({@code null} if unknown)
 * @param exitBudget       the most VM exits the run may take
 * @param wallBudget       the most wall time the run may take
 * @param neutralisedSites where the neutralised sites of this kernel build are remembered, or
 *                         {@code null} to neutralise each on its first trap in every run
 * @param clockSites       where the kernel's {@code rdtsc} sites ({@link TimeStampSites}) are
 *                         remembered, or {@code null} to find them in every run
 * @param cpu              what runs the deprivileged guest
 * @param lockstep         whether the run is to be compared with Slow-Bridge's: every system call
 *                         exits once at its entry, its registers recorded ({@link SyscallEntryTrap}),
 *                         and {@code cpuid} exits to answer as the engine's processor (this KVM
 *                         answers leaves 1, 7 and 0xD from the host whatever {@code KVM_SET_CPUID2}
 *                         says: measured). Otherwise a local call and {@code cpuid} take no exit.
 */
public record FastBridgeOptions(SyscallTable syscalls, KernelAddresses kernel, LongFunction<String> symbols,
        long exitBudget, Duration wallBudget, Path neutralisedSites, Path clockSites, GuestCpu cpu,
        boolean lockstep) {

    /** What runs the deprivileged guest. */
    public enum GuestCpu {
        /** {@code /dev/kvm}: the guest runs natively. */
        KVM,
        /**
         * The x86 engine behaving as this project's KVM does at CPL3, for hosts without
         * {@code /dev/kvm}: the same exits, at the engine's speed.
         */
        ENGINE
    }

    /** A utility's whole run takes under a thousand exits even unpatched (depriv measured 462 for getpid). */
    public static final long DEFAULT_EXIT_BUDGET = 100_000;
    /** The slowest exits here are ~0.1 ms: the default exit budget fits in it many times over. */
    public static final Duration DEFAULT_WALL_BUDGET = Duration.ofSeconds(60);
}
