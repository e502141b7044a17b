package org.hybridbridge.core.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Optional;
import java.util.function.UnaryOperator;

import org.hybridbridge.progress.ProgressListener;
import org.hybridbridge.qemu.InvalidSnapshotException;
import org.hybridbridge.qemu.KernelProfile;
import org.hybridbridge.qemu.ParkedCommand;
import org.hybridbridge.qemu.SnapshotFile;
import org.hybridbridge.qemu.SnapshotManifest;
import org.hybridbridge.qemu.VcpuState;
import org.hybridbridge.taint.CopyOnWriteMemory;
import org.hybridbridge.taint.Fallback;
import org.hybridbridge.taint.GvmImage;
import org.hybridbridge.taint.RunResult;
import org.hybridbridge.taint.SlowBridge;
import org.hybridbridge.taint.SlowBridgeOptions;
import org.hybridbridge.taint.metadata.KernelMetadata;
import org.hybridbridge.taint.metadata.MetadataFile;
import org.hybridbridge.taint.syscall.SyscallTable;
import org.hybridbridge.x86.exec.CpuException;
import org.hybridbridge.x86.exec.CpuState;
import org.hybridbridge.x86.exec.Machine;
import org.hybridbridge.x86.exec.Mmu;
import org.hybridbridge.x86.exec.PhysicalMemory;
import org.hybridbridge.x86.exec.QemuCpuModel;

/**
 * Runs a utility in Slow-Bridge from an SVM run-start snapshot, redirected to a GVM snapshot
 * (DESIGN.md 3.3): checks that both snapshots are sound (memory hashes, once per process and
 * file: {@link VerifiedSnapshots}) and of the profile's kernel build, and that the SVM snapshot
 * was taken for this command; runs over copy-on-write overlays of both; merges the meta-data
 * learned into the profile's meta-data file. The hashes are not computed again afterwards (half
 * a second a run): the files are mapped read-only and {@link SnapshotMemory} throws on a write,
 * so a run cannot change them (tests hash them after runs all the same).
 */
public final class SlowRun {

    private SlowRun() {
    }

    /**
     * @return the meta-data store of the kernel build {@code profile} describes (its
     *         {@code metadata.json} of earlier versions imported first, once)
     */
    public static Path metadataFile(KernelProfile profile) {
        try {
            return MetadataFile.inProfile(profile.directory());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the meta-data store in " + profile.directory() + ": " + e, e);
        }
    }

    public static SlowRunOutcome run(SlowRunRequest request, KernelProfile profile, ProgressListener progress) {
        return run(request, profile, progress, UnaryOperator.identity());
    }

    /**
     * As {@link #run(SlowRunRequest, KernelProfile, ProgressListener)}, the GVM's memory seen
     * through {@code gvmMemory}: the fuzzer records the pages a run reads and damages them in
     * memory ({@code hb fuzz}); the snapshot file stays as it was, as always.
     */
    public static SlowRunOutcome run(SlowRunRequest request, KernelProfile profile, ProgressListener progress,
            UnaryOperator<PhysicalMemory> gvmMemory) {
        return run(request, profile, progress, gvmMemory, null);
    }

    /**
     * As {@link #run(SlowRunRequest, KernelProfile, ProgressListener)} on the software fast path
     * ({@link MemoRun}): routed by {@code known}, no taint, nothing learned in the run itself; at an
     * instruction {@code known} lacks, it pauses for {@code fallback}.
     */
    static SlowRunOutcome memoized(SlowRunRequest request, KernelProfile profile, ProgressListener progress,
            KernelMetadata known, Fallback fallback) {
        return run(request, profile, progress, UnaryOperator.identity(), new Memoized(known, fallback));
    }

    /** The software fast path's store and fallback. */
    private record Memoized(KernelMetadata known, Fallback fallback) {
    }

    /** @return the meta-data store of {@code request}: its own or the profile's */
    static Path metadataFile(SlowRunRequest request, KernelProfile profile) {
        return request.metadataFile() != null ? request.metadataFile() : metadataFile(profile);
    }

    static SyscallTable syscallTable(SlowRunRequest request) {
        return request.syscallTable() == null ? SyscallTable.defaults() : SyscallTable.load(request.syscallTable());
    }

    private static SlowRunOutcome run(SlowRunRequest request, KernelProfile profile, ProgressListener progress,
            UnaryOperator<PhysicalMemory> gvmMemory, Memoized memoized) {
        if (request.trace() != null && Files.exists(request.trace(), LinkOption.NOFOLLOW_LINKS)) {
            throw existingTrace(request);
        }
        long loadStart = System.nanoTime();
        Path metadataFile = metadataFile(request, profile);
        MetadataFile.readAhead(metadataFile); // in memory by the time the run merges into it
        progress.beginTask("Slow-Bridge run of " + request.commandLine(), 3);
        SyscallTable syscalls = syscallTable(request);
        try (SnapshotFile svm = SnapshotFile.open(request.svm());
                SnapshotFile gvm = request.redirect() ? SnapshotFile.open(request.gvm()) : null) {
            progress.subTask("Checking the snapshots");
            checkRunStart(svm.manifest(), request.svm(), request.commandLine());
            progress.subTask("The SVM runs the profile's kernel: " + KernelCheck.checkMatches(profile, svm));
            VerifiedSnapshots.verify(svm);
            if (gvm != null) {
                checkGuest(gvm.manifest(), request.gvm());
                progress.subTask("The GVM runs the profile's kernel: " + KernelCheck.checkMatches(profile, gvm));
                VerifiedSnapshots.verify(gvm);
            }
            progress.worked(1);

            progress.subTask("Running " + request.commandLine());
            Session session = open(request, profile, syscalls, svm, gvm, gvmMemory);
            if (memoized != null) {
                session.bridge().memoize(memoized.known(), memoized.fallback());
            }
            long runStart = System.nanoTime();
            long allocatedBefore = ThreadCounters.allocatedBytes();
            long cpuBefore = ThreadCounters.cpuNanos();
            RunResult result = execute(request, session.bridge(), progress);
            long cpu = cpuBefore < 0 ? -1 : ThreadCounters.cpuNanos() - cpuBefore;
            long allocated = allocatedBefore < 0 ? -1 : ThreadCounters.allocatedBytes() - allocatedBefore;
            long saveStart = System.nanoTime();
            progress.worked(1);

            progress.subTask("Saving the meta-data");
            KernelMetadata all = MetadataFile.mergeInto(metadataFile, result.metadata());
            progress.worked(1);
            SlowRunPhases phases = new SlowRunPhases(Duration.ofNanos(runStart - loadStart),
                    Duration.ofNanos(saveStart - runStart), cpu < 0 ? null : Duration.ofNanos(cpu),
                    Duration.ofNanos(System.nanoTime() - saveStart), allocated);
            return new SlowRunOutcome(result, all, metadataFile, svm.manifest().memorySha256(),
                    gvm == null ? null : gvm.manifest().memorySha256(), session.gvmCpu(), phases);
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
    }

    /** The SVM snapshot must be the run-start state of this very command: its marker says which. */
    static void checkRunStart(SnapshotManifest svm, Path file, String commandLine) {
        SnapshotManifest.Marker marker = svm.marker();
        if (marker == null || !marker.isRunStart()) {
            throw new InvalidSnapshotException(file + " is not an SVM run-start snapshot (its guest is "
                    + svm.guest() + ", its marker " + (marker == null ? "none" : marker.kind()) + ")");
        }
        if (ParkedCommand.forRun(svm, commandLine).isEmpty() && !marker.command().equals(commandLine)) {
            throw new IllegalArgumentException(file + " is the run-start state of '" + marker.command()
                    + "', not of '" + commandLine + "': hb snapshot take svm takes one of every command line");
        }
    }

    /**
     * Writes {@code commandLine} where the parked child of a snapshot of every command reads it
     * ({@link ParkedCommand}), in the machine's private copy; a snapshot of one command needs nothing.
     */
    public static void handCommand(Machine machine, SnapshotFile svm, String commandLine, Path file) {
        Optional<byte[]> command = ParkedCommand.forRun(svm.manifest(), commandLine);
        if (command.isPresent()) {
            try {
                machine.mmu().write(ParkedCommand.ADDRESS, command.get());
            } catch (CpuException e) {
                throw new InvalidSnapshotException(file + ": the parked agent's command page at 0x"
                        + Long.toHexString(ParkedCommand.ADDRESS) + " is not mapped writable (" + e.getMessage() + ")");
            }
        }
    }

    /**
     * The GVM snapshot must be a guest's, not the SVM's own run-start state: redirected to that,
     * a run would print the SVM's answers as the guest's. An import (no marker) is a guest's.
     */
    static void checkGuest(SnapshotManifest gvm, Path file) {
        if (gvm.marker() != null && gvm.marker().isRunStart()) {
            String of = gvm.marker().kind().equals(SnapshotManifest.Marker.PARK) ? "every command line"
                    : "'" + gvm.marker().command() + "'";
            throw new InvalidSnapshotException(file + " is an SVM run-start snapshot (of " + of
                    + "), not a GVM snapshot to introspect");
        }
    }

    /** The engine at the SVM's run-start state and Slow-Bridge over it, not yet run; the GVM CPU it introspects. */
    record Session(Machine machine, SlowBridge bridge, GvmCpu gvmCpu) {
    }

    static Session open(SlowRunRequest request, KernelProfile profile, SyscallTable syscalls, SnapshotFile svm,
            SnapshotFile gvm, UnaryOperator<PhysicalMemory> gvmMemory) {
        CpuState cpu = VcpuStates.toCpuState(svm.manifest().vcpu());
        Machine machine = new Machine(cpu, new CopyOnWriteMemory(new SnapshotMemory(svm)),
                new QemuCpuModel(VcpuStates.tsc(svm.manifest().vcpu())));
        handCommand(machine, svm, request.commandLine(), request.svm());
        Gvm image = gvm == null ? null : gvm(gvm, profile, request.gvmCpu(), gvmMemory);
        SlowBridgeOptions options = new SlowBridgeOptions(request.command().get(0), syscalls,
                ProfileLayout.serviceRoutine(profile), ProfileLayout.troubleSites(profile), request.budget(),
                image == null ? null : image.image(), profile.banner());
        return new Session(machine, new SlowBridge(machine, ProfileLayout.of(profile), options),
                image == null ? null : image.cpu());
    }

    /** The GVM as redirected accesses see it, and the CPU of it introspected. */
    record Gvm(GvmImage image, GvmCpu cpu) {
    }

    /**
     * @param which      the GVM CPU to introspect, {@code null} for the snapshot's own
     * @param gvmMemory  how the GVM's memory is seen (the fuzzer's damage), identity otherwise
     */
    static Gvm gvm(SnapshotFile gvm, KernelProfile profile, Integer which, UnaryOperator<PhysicalMemory> gvmMemory) {
        VcpuState vcpu = gvm.manifest().vcpu();
        CopyOnWriteMemory memory = new CopyOnWriteMemory(gvmMemory.apply(new SnapshotMemory(gvm)));
        long cr3 = vcpu.register("cr3");
        boolean fiveLevel = VcpuStates.fiveLevelPaging(vcpu);
        GvmCpu cpu = GvmCpu.select(Mmu.fixedRoot(memory, cr3, fiveLevel), profile, gvm.manifest(), which);
        return new Gvm(new GvmImage(memory, cr3, fiveLevel, cpu.perCpuBase()), cpu);
    }

    private static RunResult execute(SlowRunRequest request, SlowBridge bridge, ProgressListener progress)
            throws IOException {
        // CREATE_NEW: the trace never replaces a file, above all not a snapshot the run has mapped
        try (Writer trace = request.trace() == null ? null
                : Files.newBufferedWriter(request.trace(), StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW,
                        StandardOpenOption.WRITE)) {
            if (trace != null) {
                bridge.setTrace(trace);
            }
            return bridge.run(progress);
        } catch (FileAlreadyExistsException e) {
            throw existingTrace(request);
        }
    }

    private static IllegalArgumentException existingTrace(SlowRunRequest request) {
        return new IllegalArgumentException(request.trace() + " exists already: hb run never overwrites a file");
    }
}
