package org.hybridbridge.core.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.UnaryOperator;

import org.hybridbridge.fast.FastBridge;
import org.hybridbridge.fast.FastBridgeOptions;
import org.hybridbridge.fast.FastRunResult;
import org.hybridbridge.fast.KernelAddresses;
import org.hybridbridge.fast.Redirection;
import org.hybridbridge.kvm.Kvm;
import org.hybridbridge.progress.ProgressListener;
import org.hybridbridge.qemu.KernelProfile;
import org.hybridbridge.qemu.InvalidSnapshotException;
import org.hybridbridge.qemu.SnapshotFile;
import org.hybridbridge.taint.metadata.KernelMetadata;
import org.hybridbridge.taint.metadata.MetadataFile;
import org.hybridbridge.taint.syscall.SyscallTable;

/**
 * Runs a utility in Fast-Bridge from an SVM run-start snapshot (DESIGN.md 3.4), not redirected
 * (part 1) or with its introspected calls redirected to a GVM snapshot through the views and the
 * code copies patched from the meta-data store (part 2): the same checks as {@link SlowRun}
 * before (run-start marker of this command, the profile's kernel, the memory hash, a GVM's and
 * not a run-start state). The neutralised kernel sites and the code pages built are remembered in
 * the profile's directory; an instruction without meta-data falls back to a Slow-Bridge replay
 * ({@link FallbackReplays}) that grows the store.
 */
public final class FastRun {

    public static final String NEUTRALISED_SITES = "fast-neutralised-sites.txt";
    /** The kernel's clock reads, which Fast-Bridge makes trap, remembered per kernel build. */
    public static final String CLOCK_SITES = "fast-clock-sites.txt";
    /** The code pages redirected runs built for the profile's kernel build, kept for the next runs. */
    public static final String CODE_PAGE_CACHE = "fast-code-pages.bin";

    private FastRun() {
    }

    public static FastRunOutcome run(FastRunRequest request, KernelProfile profile, ProgressListener progress) {
        progress.beginTask("Fast-Bridge run of " + request.commandLine(), 2);
        SyscallTable syscalls = request.syscallTable() == null ? SyscallTable.defaults()
                : SyscallTable.load(request.syscallTable());
        Path store = request.metadataFile() != null ? request.metadataFile() : SlowRun.metadataFile(profile);
        KernelMetadata known = !request.redirect() ? null
                : Files.exists(store) ? MetadataFile.read(store) : new KernelMetadata(profile.banner());
        try (SnapshotFile svm = SnapshotFile.open(request.svm());
                SnapshotFile gvm = request.redirect() ? SnapshotFile.open(request.gvm()) : null;
                FallbackReplays replays = request.redirect()
                        ? new FallbackReplays(fallbackRequest(request, store), profile, progress, known.records().size())
                        : null) {
            progress.subTask("Checking the snapshot");
            SlowRun.checkRunStart(svm.manifest(), request.svm(), request.commandLine());
            progress.subTask("The SVM runs the profile's kernel: " + KernelCheck.checkMatches(profile, svm));
            VerifiedSnapshots.verify(svm);
            Redirection redirection = null;
            if (gvm != null) {
                SlowRun.checkGuest(gvm.manifest(), request.gvm());
                progress.subTask("The GVM runs the profile's kernel: " + KernelCheck.checkMatches(profile, gvm));
                VerifiedSnapshots.verify(gvm);
                redirection = redirection(request, profile, gvm, known, replays);
            }
            progress.worked(1);

            progress.subTask("Running " + request.commandLine() + " deprivileged on " + request.cpu());
            FastBridgeOptions options = new FastBridgeOptions(syscalls, KernelAddresses.of(profile, KernelSymbols.of(profile).textStarts()),
                    KernelSymbols.of(profile), request.exitBudget(), request.wallBudget(),
                    request.neutralisedSites() != null ? request.neutralisedSites()
                            : profile.directory().resolve(NEUTRALISED_SITES), profile.directory().resolve(CLOCK_SITES),
                    request.cpu(), request.lockstep());
            FastRunResult result = FastBridge.run(svm, VcpuStates.toCpuState(svm.manifest().vcpu()),
                    VcpuStates.tsc(svm.manifest().vcpu()),
                    machine -> SlowRun.handCommand(machine, svm, request.commandLine(), request.svm()), options,
                    redirection);
            // no hash afterwards: the file is mapped from a read-only descriptor, private copies take the writes
            progress.worked(1);
            return new FastRunOutcome(result, svm.manifest().memorySha256(), replays == null ? 0 : replays.learned());
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
    }

    /** @return KVM where {@code /dev/kvm} is, else the engine standing in for it */
    public static FastBridgeOptions.GuestCpu guestCpuHere() {
        return Files.exists(Kvm.DEFAULT_DEVICE) ? FastBridgeOptions.GuestCpu.KVM : FastBridgeOptions.GuestCpu.ENGINE;
    }

    /** The Slow-Bridge run a fallback replays: the same utility, snapshots, GVM CPU and store. */
    private static SlowRunRequest fallbackRequest(FastRunRequest request, Path store) {
        return new SlowRunRequest(request.svm(), request.gvm(), request.command(), true, SlowRunRequest.DEFAULT_BUDGET,
                null, request.syscallTable(), store, request.gvmCpu());
    }

    /** The GVM's side of a redirected run: its kernel half, its CPU's per-CPU area, the meta-data store. */
    private static Redirection redirection(FastRunRequest request, KernelProfile profile, SnapshotFile gvm,
            KernelMetadata known, FallbackReplays replays) {
        SlowRun.Gvm image = SlowRun.gvm(gvm, profile, request.gvmCpu(), UnaryOperator.identity());
        if (image.image().fiveLevel()) {
            throw new InvalidSnapshotException(request.gvm() + " uses 5-level paging: Fast-Bridge's R view copies "
                    + "4-level tables (the slow and memo engines read it)");
        }
        return new Redirection(gvm, image.image().cr3(), image.cpu().perCpuBase(), known,
                ProfileLayout.KERNEL_STACK_SIZE, request.handOffAfter(), replays,
                profile.directory().resolve(CODE_PAGE_CACHE));
    }
}
