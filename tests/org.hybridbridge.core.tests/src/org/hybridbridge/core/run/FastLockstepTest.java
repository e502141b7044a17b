package org.hybridbridge.core.run;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.hybridbridge.fast.FastBridgeOptions;
import org.hybridbridge.fast.FastBridgeOptions.GuestCpu;
import org.hybridbridge.fast.FastRunResult;
import org.hybridbridge.progress.ProgressListener;
import org.hybridbridge.qemu.KernelProfile;
import org.hybridbridge.taint.SyscallRecord;
import org.hybridbridge.taint.SyscallRegisters;
import org.hybridbridge.testing.Requirements;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fast-Bridge not redirected in lockstep with its oracle, Slow-Bridge not redirected (issue 9,
 * 6b): over each utility's whole run, at every system call, the utility's sixteen general-purpose
 * registers as {@code syscall} hands them to the kernel (RCX the return address, R11 the RFLAGS)
 * are the same in both, ordinal by ordinal, and both make as many calls. Fast-Bridge traps every
 * system call for this ({@link FastBridgeOptions#lockstep}); Slow-Bridge records them in
 * its {@link SyscallRecord}s. The first divergence fails the test with both states. On KVM where
 * {@code /dev/kvm} exists, and on the engine standing in for KVM everywhere.
 *
 * <p>One input differs on KVM, the clock: the engine's TSC counts instructions, KVM's the host's
 * cycles, and neither {@code rdtsc} nor the kernel's use of it can be trapped here (this PVM
 * ignores CR4.TSD: measured). glibc's start-up reads CLOCK_MONOTONIC when {@code getrandom} fails
 * (the SVM's entropy pool is not ready) and folds it into its malloc key, in RBP at the next call.
 * So on KVM only, at the system call right after a {@code clock_gettime}, the registers the time
 * flowed into may differ; the call number, return address and stack pointer may not. The engine
 * reads the same clock as Slow-Bridge: there nothing is excluded.
 */
class FastLockstepTest {

    /** RAX (the call), RCX (where it returns) and RSP: the control flow, the same whatever the clock said. */
    private static final int[] CONTROL = { 0, 1, 4 };

    private static KernelProfile profile;

    @BeforeAll
    static void kernelProfile() {
        profile = RunFixtures.profile();
    }

    @Test
    void onKvmEverySystemCallHasSlowBridgesRegisters(@TempDir Path directory) {
        Requirements.requireKvm();
        for (String commandLine : FastRunTest.UTILITIES) {
            assertLockstep(commandLine, GuestCpu.KVM, directory);
        }
    }

    @Test
    void onTheEngineEverySystemCallHasSlowBridgesRegisters(@TempDir Path directory) {
        for (String commandLine : FastRunTest.UTILITIES) {
            assertLockstep(commandLine, GuestCpu.ENGINE, directory);
        }
    }

    private static void assertLockstep(String commandLine, GuestCpu cpu, Path directory) {
        List<String> command = List.of(commandLine.split(" "));
        List<SyscallRecord> slow = SlowRun.run(new SlowRunRequest(RunFixtures.svm(), null, command, false,
                SlowRunRequest.DEFAULT_BUDGET, null, null, directory.resolve("metadata.hbmeta"), null), profile,
                ProgressListener.NONE).result().syscalls();
        FastRunResult fast = FastRun.run(new FastRunRequest(RunFixtures.svm(), command,
                FastBridgeOptions.DEFAULT_EXIT_BUDGET, FastBridgeOptions.DEFAULT_WALL_BUDGET, null, cpu,
                directory.resolve("sites.txt"), true), profile, ProgressListener.NONE).result();
        List<SyscallRegisters> entries = fast.syscallEntries();

        for (int i = 0; i < Math.min(slow.size(), entries.size()); i++) {
            SyscallRegisters expected = slow.get(i).registers();
            boolean afterClock = cpu == GuestCpu.KVM && i > 0
                    && slow.get(i - 1).syscall().name().equals("clock_gettime");
            if (afterClock ? !sameControl(expected, entries.get(i)) : !expected.equals(entries.get(i))) {
                fail(String.format("%s on %s: system call #%d (%s) differs in %s; Slow-Bridge: %s; Fast-Bridge: %s",
                        commandLine, cpu, i, slow.get(i).syscall().name(), expected.differences(entries.get(i)),
                        expected, entries.get(i)));
            }
        }
        if (slow.size() != entries.size()) {
            fail(String.format("%s on %s: Slow-Bridge made %d system calls, Fast-Bridge %d, the same up to there",
                    commandLine, cpu, slow.size(), entries.size()));
        }
    }

    private static boolean sameControl(SyscallRegisters slow, SyscallRegisters fast) {
        return Arrays.stream(CONTROL).allMatch(i -> slow.gprs()[i] == fast.gprs()[i]);
    }
}
