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
import org.hybridbridge.qemu.VcpuState;
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
import org.hybridbridge.x86.exec.Mmu;
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
            checkRunStart(svm.manifest(), request);
            profile.checkMatches(svm.manifest());
            svm.verify();
            if (gvm != null) {
                profile.checkMatches(gvm.manifest());
                gvm.verify();
            }
            progress.worked(1);

            progress.subTask("Running " + request.commandLine());
            Session session = open(request, profile, syscalls, svm, gvm);
            RunResult result = execute(request, session.bridge(), progress);
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
                    gvm == null ? null : gvm.manifest().memorySha256(), session.gvmCpu());
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
    }

    /** The SVM snapshot must be the run-start state of this very command: its marker says which. */
    private static void checkRunStart(SnapshotManifest svm, SlowRunRequest request) {
        SnapshotManifest.Marker marker = svm.marker();
        if (marker == null || !marker.kind().equals("exec")) {
            throw new InvalidSnapshotException(request.svm() + " is not an SVM run-start snapshot (no exec marker)");
        }
        if (!marker.command().equals(request.commandLine())) {
            throw new IllegalArgumentException(request.svm() + " is the run-start state of '" + marker.command()
                    + "', not of '" + request.commandLine() + "': take one with hb snapshot take svm --utility '"
                    + request.commandLine() + "'");
        }
    }

    /** The engine at the SVM's run-start state and Slow-Bridge over it, not yet run; the GVM CPU it introspects. */
    record Session(Machine machine, SlowBridge bridge, GvmCpu gvmCpu) {
    }

    static Session open(SlowRunRequest request, KernelProfile profile, SyscallTable syscalls, SnapshotFile svm,
            SnapshotFile gvm) {
        CpuState cpu = VcpuStates.toCpuState(svm.manifest().vcpu());
        long tsc = svm.manifest().vcpu().registers().getOrDefault("tsc", 0L);
        Machine machine = new Machine(cpu, new CopyOnWriteMemory(new SnapshotMemory(svm)), new QemuCpuModel(tsc));
        GvmImage gvmImage = null;
        GvmCpu gvmCpu = null;
        if (gvm != null) {
            VcpuState vcpu = gvm.manifest().vcpu();
            CopyOnWriteMemory memory = new CopyOnWriteMemory(new SnapshotMemory(gvm));
            long cr3 = vcpu.register("cr3");
            boolean fiveLevel = (vcpu.register("cr4") & CR4_LA57) != 0;
            gvmCpu = GvmCpu.select(Mmu.fixedRoot(memory, cr3, fiveLevel), profile, vcpu, request.gvmCpu());
            gvmImage = new GvmImage(memory, cr3, fiveLevel, gvmCpu.perCpuBase());
        }
        SlowBridgeOptions options = new SlowBridgeOptions(request.command().get(0), syscalls,
                ProfileLayout.serviceRoutine(profile), request.instructionBudget(), gvmImage, profile.banner());
        return new Session(machine, new SlowBridge(machine, ProfileLayout.of(profile), options), gvmCpu);
    }

    private static RunResult execute(SlowRunRequest request, SlowBridge bridge, ProgressListener progress)
            throws IOException {
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
