package org.hybridbridge.core.run;

import java.io.IOException;
import java.io.UncheckedIOException;

import org.hybridbridge.fast.FastBridge;
import org.hybridbridge.fast.FastBridgeOptions;
import org.hybridbridge.fast.FastRunResult;
import org.hybridbridge.fast.KernelAddresses;
import org.hybridbridge.progress.ProgressListener;
import org.hybridbridge.qemu.KernelProfile;
import org.hybridbridge.qemu.SnapshotFile;
import org.hybridbridge.taint.syscall.SyscallTable;

/**
 * Runs a utility in Fast-Bridge from an SVM run-start snapshot, not redirected (DESIGN.md 3.4,
 * part 1): the same checks as {@link SlowRun} before (run-start marker of this command, the
 * profile's kernel, the memory hash) and after (the hash again: the run wrote only to its
 * private mapping). The neutralised kernel sites are remembered in the profile's directory.
 */
public final class FastRun {

    public static final String NEUTRALISED_SITES = "fast-neutralised-sites.txt";

    private FastRun() {
    }

    public static FastRunOutcome run(FastRunRequest request, KernelProfile profile, ProgressListener progress) {
        progress.beginTask("Fast-Bridge run of " + request.commandLine(), 2);
        SyscallTable syscalls = request.syscallTable() == null ? SyscallTable.defaults()
                : SyscallTable.load(request.syscallTable());
        try (SnapshotFile svm = SnapshotFile.open(request.svm())) {
            progress.subTask("Checking the snapshot");
            SlowRun.checkRunStart(svm.manifest(), request.svm(), request.commandLine());
            progress.subTask("The SVM runs the profile's kernel: " + KernelCheck.checkMatches(profile, svm));
            VerifiedSnapshots.verify(svm);
            progress.worked(1);

            progress.subTask("Running " + request.commandLine() + " deprivileged on " + request.cpu());
            FastBridgeOptions options = new FastBridgeOptions(syscalls, KernelAddresses.of(profile),
                    KernelSymbols.of(profile), request.exitBudget(), request.wallBudget(),
                    request.neutralisedSites() != null ? request.neutralisedSites()
                            : profile.directory().resolve(NEUTRALISED_SITES), request.cpu(),
                    request.lockstep());
            FastRunResult result = FastBridge.run(svm, VcpuStates.toCpuState(svm.manifest().vcpu()),
                    VcpuStates.tsc(svm.manifest().vcpu()),
                    machine -> SlowRun.handCommand(machine, svm, request.commandLine(), request.svm()), options);
            // no hash afterwards: the file is mapped from a read-only descriptor, private copies take the writes
            progress.worked(1);
            return new FastRunOutcome(result, svm.manifest().memorySha256());
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
    }
}
