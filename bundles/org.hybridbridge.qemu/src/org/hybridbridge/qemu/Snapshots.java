package org.hybridbridge.qemu;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.hybridbridge.internal.qemu.snapshot.BannerSearch;
import org.hybridbridge.internal.qemu.snapshot.ElfCore;
import org.hybridbridge.internal.qemu.snapshot.HbsnapFormat;
import org.hybridbridge.internal.qemu.snapshot.HbsnapWriter;
import org.hybridbridge.progress.ProgressListener;
import org.hybridbridge.qemu.QemuMachine.MarkerStop;
import org.hybridbridge.qemu.SnapshotManifest.Marker;
import org.hybridbridge.qemu.SnapshotManifest.MemoryRange;

/**
 * Taking {@code .hbsnap} snapshots of guests ({@code hb snapshot take gvm|svm}).
 *
 * <p>A GVM snapshot is taken while hb-freeze is the current process, right after the ground
 * truth was captured inside the GVM. An SVM snapshot is the run-start state: taken at the
 * agent's marker just before execve of the utility.
 */
public final class Snapshots {

    /** What the GVM is asked about itself just before its snapshot. */
    public static final List<String> GROUND_TRUTH_COMMANDS = List.of("ps", "lsmod", "uname", "uname -a", "hostname",
            "uptime", "free", "getpid", "arp", "netstat", "vmstat", "iostat", "mpstat", "pidstat", "pstree", "w", "route",
            "ifconfig", "dmesg", "gettime", "tinyps", "getprocname");

    private Snapshots() {
    }

    /** Boots the GVM {@code kind}, captures its ground truth, freezes it and writes {@code target}. */
    public static SnapshotManifest takeGvm(GuestImages images, GuestKind kind, Path target, MachineOptions options,
            ProgressListener progress) {
        if (!kind.isGvm()) {
            throw new IllegalArgumentException(kind.label() + " is not a guest to introspect");
        }
        checkTarget(target);
        try (QemuMachine gvm = QemuMachine.boot(images.require(kind), options, progress)) {
            return freezeWithGroundTruth(gvm, target, banner(gvm), options);
        }
    }

    /**
     * The same GVM at two times: boots {@code kind}, writes {@code before} as {@link #takeGvm}
     * does, runs {@code changes} in the guest one by one (command lines as hb-agent runs them,
     * without a shell: load a module, start a daemon), then writes {@code after}, each snapshot
     * with its own ground truth.
     *
     * @return the two manifests, before's first
     */
    public static List<SnapshotManifest> takeGvmBeforeAndAfter(GuestImages images, GuestKind kind, Path before,
            List<String> changes, Path after, MachineOptions options, ProgressListener progress) {
        if (!kind.isGvm()) {
            throw new IllegalArgumentException(kind.label() + " is not a guest to introspect");
        }
        checkTarget(before);
        checkTarget(after);
        try (QemuMachine gvm = QemuMachine.boot(images.require(kind), options, progress)) {
            String banner = banner(gvm);
            SnapshotManifest first = freezeWithGroundTruth(gvm, before, banner, options);
            for (String change : changes) {
                CommandResult changed = gvm.run(change);
                if (!changed.succeeded()) {
                    throw new GuestException("'" + change + "' failed in the guest: " + changed.output().strip());
                }
            }
            return List.of(first, freezeWithGroundTruth(gvm, after, banner, options));
        }
    }

    /** Captures the GVM's ground truth, freezes it at hb-freeze's marker and writes {@code target}. */
    private static SnapshotManifest freezeWithGroundTruth(QemuMachine gvm, Path target, String banner,
            MachineOptions options) {
        Map<String, String> groundTruth = new LinkedHashMap<>();
        for (String command : GROUND_TRUTH_COMMANDS) {
            groundTruth.put(command, gvm.run(command).output());
        }
        MarkerStop stop = gvm.stopAtMarker(freezeCommand(options), QemuMachine.MARK_FREEZE);
        SnapshotManifest manifest = takeAtMarker(gvm, stop, target, banner, groundTruth);
        gvm.resumeFromMarker();
        return manifest;
    }

    /**
     * Boots the GVM {@code kind} and has QEMU write the ELF core of the running guest
     * ({@code dump-guest-memory}, physical, as {@code virsh dump --memory-only} does): an analyst's
     * kind of input for {@link #importElfCore}, from a guest whose answers are known. QEMU writes
     * next to {@code target} and the file is moved there once complete, so a failed dump leaves nothing.
     */
    public static void dumpGvm(GuestImages images, GuestKind kind, Path target, MachineOptions options,
            ProgressListener progress) {
        if (!kind.isGvm()) {
            throw new IllegalArgumentException(kind.label() + " is not a guest to introspect");
        }
        checkTarget(target);
        Path partial = target.resolveSibling(target.getFileName() + ".part");
        try (QemuMachine gvm = QemuMachine.boot(images.require(kind), options, progress)) {
            Files.deleteIfExists(partial);
            gvm.dumpGuestMemory(partial);
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new GuestException("cannot write " + target + ": " + e.getMessage(), e);
        } finally {
            partial.toFile().delete();
        }
    }

    /**
     * hb-freeze, on a guest of several vCPUs pinned to the last one: the context introspection
     * takes by default is then not CPU 0's, so a bridge that confuses the two is caught.
     */
    static String freezeCommand(MachineOptions options) {
        return options.cpus() == 1 ? "hb-freeze" : "taskset -c " + (options.cpus() - 1) + " hb-freeze";
    }

    /**
     * Boots the SVM and writes its run-start snapshot to {@code target}: of any command line
     * (hb-agent's child parked, {@link ParkedCommand}) when {@code utility} is {@code null}, else
     * of that command line only (its child just before execve).
     */
    public static SnapshotManifest takeSvm(GuestImages images, Path target, String utility, MachineOptions options,
            ProgressListener progress) {
        checkTarget(target);
        try (QemuMachine svm = QemuMachine.boot(images.require(GuestKind.SVM), options, progress)) {
            String banner = banner(svm);
            MarkerStop stop = utility == null ? svm.stopAtMarker(ParkedCommand.PARK, QemuMachine.MARK_PARK)
                    : svm.stopAtMarker(utility, QemuMachine.MARK_EXEC);
            SnapshotManifest manifest = takeAtMarker(svm, stop, target, banner, Map.of());
            svm.resumeFromMarker();
            return manifest;
        }
    }

    /**
     * Writes the snapshot of {@code machine}, paused at {@code stop}, to {@code target}.
     *
     * @param banner      the kernel's banner as {@code /proc/version} gave it
     * @param groundTruth the guest's own answers captured just before; empty for none
     */
    public static SnapshotManifest takeAtMarker(QemuMachine machine, MarkerStop stop, Path target, String banner,
            Map<String, String> groundTruth) {
        VcpuState vcpu = machine.vcpuState();
        String kind = switch (stop.kind()) {
            case QemuMachine.MARK_FREEZE -> SnapshotManifest.Marker.FREEZE;
            case QemuMachine.MARK_PARK -> SnapshotManifest.Marker.PARK;
            default -> SnapshotManifest.Marker.EXEC;
        };
        SnapshotManifest[] written = new SnapshotManifest[1];
        HbsnapWriter.write(target, machine::copyMemory, sha256 -> {
            written[0] = new SnapshotManifest(SnapshotManifest.FORMAT_VERSION, "qemu", machine.image().kind().label(),
                    banner, List.of(new MemoryRange(0, machine.memorySize(), HbsnapFormat.MEMORY_OFFSET)), sha256, vcpu,
                    List.of(), new Marker(kind, stop.pid(), kind.equals(SnapshotManifest.Marker.PARK) ? "" : stop.command()), groundTruth, Instant.now().toString());
            return written[0];
        });
        return written[0];
    }

    /**
     * Imports QEMU's {@code dump-guest-memory} ELF core (physical, no paging) as {@code target}:
     * every PT_LOAD becomes a memory range (RAM and, on a pc machine, the BIOS ROM at the top of
     * 4 GiB); every vCPU's state is what its QEMU note holds (no MSRs but, from QEMU 5.2,
     * KERNEL_GS_BASE; no FPU), the first one's introspected by default; the banner is
     * found in memory without symbols (see {@code BannerSearch}): check it against a kernel
     * profile before use, as for any snapshot.
     */
    public static SnapshotManifest importElfCore(Path elfCore, Path target) {
        checkTarget(target);
        try (FileChannel core = FileChannel.open(elfCore, StandardOpenOption.READ)) {
            ElfCore parsed = ElfCore.read(core, elfCore.toString());
            List<MemoryRange> ranges = new ArrayList<>();
            long fileOffset = HbsnapFormat.MEMORY_OFFSET;
            List<String> banners = new ArrayList<>();
            for (ElfCore.Load load : parsed.loads()) {
                ranges.add(new MemoryRange(load.physical(), load.size(), fileOffset));
                fileOffset += load.size();
                banners.addAll(BannerSearch.candidates(core, load.fileOffset(), load.physical(), load.size()));
            }
            String kernelBanner = BannerSearch.choose(banners).orElseThrow(() -> new InvalidSnapshotException(
                    elfCore + " holds no Linux kernel banner: not a Linux guest's memory?"));
            SnapshotManifest[] written = new SnapshotManifest[1];
            HbsnapWriter.write(target, channel -> copyLoads(core, parsed.loads(), channel), sha256 -> {
                written[0] = new SnapshotManifest(SnapshotManifest.FORMAT_VERSION, "qemu-elf-core", "unknown",
                        kernelBanner, ranges, sha256, parsed.vcpus().get(0), parsed.vcpus(), null, Map.of(),
                        Instant.now().toString());
                return written[0];
            });
            return written[0];
        } catch (IOException e) {
            throw new InvalidSnapshotException("cannot read " + elfCore + ": " + e.getMessage(), e);
        }
    }

    private static void copyLoads(FileChannel core, List<ElfCore.Load> loads, WritableByteChannel target) {
        try {
            for (ElfCore.Load load : loads) {
                for (long done = 0; done < load.size();) {
                    long copied = core.transferTo(load.fileOffset() + done, load.size() - done, target);
                    if (copied <= 0) {
                        throw new InvalidSnapshotException("the ELF core is truncated");
                    }
                    done += copied;
                }
            }
        } catch (IOException e) {
            throw new GuestException("cannot copy the ELF core's memory: " + e.getMessage(), e);
        }
    }

    /** Bad input is found before any guest boots: nothing is written. */
    static void checkTarget(Path target) {
        Path parent = target.toAbsolutePath().getParent();
        if (Files.exists(target)) {
            throw new IllegalArgumentException(target + " exists already: snapshots are never overwritten");
        }
        if (parent == null || !Files.isDirectory(parent)) {
            throw new IllegalArgumentException("no directory " + parent + " to write " + target.getFileName() + " in");
        }
    }

    /** linux_banner, which /proc/version prints verbatim (same format, same strings). */
    private static String banner(QemuMachine machine) {
        CommandResult version = machine.run("cat /proc/version");
        if (!version.succeeded() || !version.output().startsWith("Linux version ")) {
            throw new GuestException("the guest's /proc/version is not a kernel banner: " + version.output().strip());
        }
        return version.output();
    }
}
