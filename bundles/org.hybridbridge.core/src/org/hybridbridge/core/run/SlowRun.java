package org.hybridbridge.core.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CancellationException;

import org.hybridbridge.core.progress.CancelledException;
import org.hybridbridge.core.progress.ProgressListener;
import org.hybridbridge.qemu.InvalidSnapshotException;
import org.hybridbridge.qemu.KernelProfile;
import org.hybridbridge.qemu.SnapshotFile;
import org.hybridbridge.qemu.SnapshotManifest;
import org.hybridbridge.taint.CopyOnWriteMemory;
import org.hybridbridge.taint.GvmImage;
import org.hybridbridge.taint.RunMonitor;
import org.hybridbridge.taint.RunResult;
import org.hybridbridge.taint.SlowBridge;
import org.hybridbridge.taint.SlowBridgeOptions;
import org.hybridbridge.taint.metadata.KernelMetadata;
import org.hybridbridge.taint.metadata.MetadataFile;
import org.hybridbridge.taint.syscall.SyscallTable;
import org.hybridbridge.x86.exec.CpuState;
import org.hybridbridge.x86.exec.Machine;
import org.hybridbridge.x86.exec.QemuCpuModel;

/**
 * Runs a utility in Slow-Bridge from an SVM run-start snapshot, redirected to a GVM snapshot
 * (DESIGN.md 3.3): checks that both snapshots are sound (memory hashes) and of the profile's
 * kernel build, and that the SVM snapshot was taken for this command; runs over copy-on-write
 * overlays of both; checks the hashes again afterwards (the run wrote nothing to them); merges
 * the meta-data learned into the profile's meta-data file.
 */
public final class SlowRun {

    static final String METADATA_FILE = "metadata.json";
    private static final long CR4_LA57 = 1L << 12;
    private static final long PROGRESS_MILLIS = 2000;

    private SlowRun() {
    }

    public static SlowRunOutcome run(SlowRunRequest request, KernelProfile profile, ProgressListener progress) {
        progress.beginTask("Slow-Bridge run of " + request.commandLine(), 4);
        SyscallTable syscalls = request.syscallTable() == null ? SyscallTable.defaults()
                : SyscallTable.load(request.syscallTable());
        try (SnapshotFile svm = SnapshotFile.open(request.svm());
                SnapshotFile gvm = request.redirect() ? SnapshotFile.open(request.gvm()) : null) {
            progress.subTask("Checking the snapshots");
            checkRunStart(svm.manifest(), request.svm(), request.commandLine());
            profile.checkMatches(svm.manifest());
            svm.verify();
            if (gvm != null) {
                profile.checkMatches(gvm.manifest());
                gvm.verify();
            }
            progress.worked(1);

            progress.subTask("Running " + request.commandLine());
            RunResult result = execute(request, profile, syscalls, svm, gvm, progress);
            progress.worked(1);

            progress.subTask("Checking the snapshots are unchanged");
            svm.verify();
            if (gvm != null) {
                gvm.verify();
            }
            progress.worked(1);

            progress.subTask("Saving the meta-data");
            Path metadataFile = request.metadataFile() != null ? request.metadataFile()
                    : profile.directory().resolve(METADATA_FILE);
            KernelMetadata all = MetadataFile.mergeInto(metadataFile, result.metadata());
            progress.worked(1);
            return new SlowRunOutcome(result, all, metadataFile, svm.manifest().memorySha256(),
                    gvm == null ? null : gvm.manifest().memorySha256());
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
    }

    /** The SVM snapshot must be the run-start state of this very command: its marker says which. */
    static void checkRunStart(SnapshotManifest svm, Path file, String commandLine) {
        SnapshotManifest.Marker marker = svm.marker();
        if (marker == null || !marker.kind().equals("exec")) {
            throw new InvalidSnapshotException(file + " is not an SVM run-start snapshot (no exec marker)");
        }
        if (!marker.command().equals(commandLine)) {
            throw new IllegalArgumentException(file + " is the run-start state of '" + marker.command()
                    + "', not of '" + commandLine + "': take one with hb snapshot take svm --utility '"
                    + commandLine + "'");
        }
    }

    /** The engine at the SVM's run-start state and Slow-Bridge over it, not yet run. */
    record Session(Machine machine, SlowBridge bridge) {
    }

    static Session open(SlowRunRequest request, KernelProfile profile, SyscallTable syscalls, SnapshotFile svm,
            SnapshotFile gvm) {
        CpuState cpu = VcpuStates.toCpuState(svm.manifest().vcpu());
        Machine machine = new Machine(cpu, new CopyOnWriteMemory(new SnapshotMemory(svm)),
                new QemuCpuModel(VcpuStates.tsc(svm.manifest().vcpu())));
        GvmImage gvmImage = gvm == null ? null : gvmImage(gvm.manifest(), new SnapshotMemory(gvm));
        SlowBridgeOptions options = new SlowBridgeOptions(request.command().get(0), syscalls,
                ProfileLayout.serviceRoutine(profile), request.instructionBudget(), gvmImage, profile.banner());
        return new Session(machine, new SlowBridge(machine, ProfileLayout.of(profile), options));
    }

    private static RunResult execute(SlowRunRequest request, KernelProfile profile, SyscallTable syscalls,
            SnapshotFile svm, SnapshotFile gvm, ProgressListener progress) throws IOException {
        SlowBridge bridge = open(request, profile, syscalls, svm, gvm).bridge();
        try (Writer trace = request.trace() == null ? null
                : Files.newBufferedWriter(request.trace(), StandardCharsets.UTF_8)) {
            if (trace != null) {
                bridge.setTrace(trace);
            }
            return bridge.run(monitor(request, progress));
        } catch (CancellationException e) {
            throw new CancelledException("the Slow-Bridge run of " + request.commandLine());
        }
    }

    private static GvmImage gvmImage(SnapshotManifest gvm, SnapshotMemory memory) {
        return new GvmImage(new CopyOnWriteMemory(memory), gvm.vcpu().register("cr3"),
                (gvm.vcpu().register("cr4") & CR4_LA57) != 0);
    }

    /** Reports the instruction count every couple of seconds at most: enough for a person, cheap for the loop. */
    private static RunMonitor monitor(SlowRunRequest request, ProgressListener progress) {
        return new RunMonitor() {
            private long lastReport = System.currentTimeMillis();

            @Override
            public void progress(long instructions, String syscall) {
                long now = System.currentTimeMillis();
                if (now - lastReport >= PROGRESS_MILLIS) {
                    lastReport = now;
                    progress.subTask(String.format("%s: %,d instructions%s", request.commandLine(), instructions,
                            syscall == null ? "" : " (in " + syscall + ")"));
                }
            }

            @Override
            public boolean isCancelled() {
                return progress.isCancelled();
            }
        };
    }
}
