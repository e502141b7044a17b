package org.hybridbridge.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;

import org.hybridbridge.core.run.KernelCheck;
import org.hybridbridge.qemu.GuestImages;
import org.hybridbridge.qemu.GuestKind;
import org.hybridbridge.qemu.KernelProfiler;
import org.hybridbridge.qemu.MachineOptions;
import org.hybridbridge.qemu.SnapshotFile;
import org.hybridbridge.qemu.SnapshotManifest;
import org.hybridbridge.qemu.SnapshotManifest.MemoryRange;
import org.hybridbridge.qemu.Snapshots;
import org.hybridbridge.qemu.VcpuState;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code hb snapshot take|info|import|dump}: {@code .hbsnap} files, written once and never modified, and
 * QEMU's own ELF dumps of fixture guests to import.
 */
@Command(name = "snapshot", mixinStandardHelpOptions = true, description = "Take, inspect and import snapshots.",
        subcommands = { SnapshotCommand.Take.class, SnapshotCommand.Info.class, SnapshotCommand.Import.class,
                SnapshotCommand.Dump.class })
final class SnapshotCommand extends CommandGroup {

    @Command(name = "take", mixinStandardHelpOptions = true,
            description = "Boot a guest and snapshot it: the GVM frozen with hb-freeze current, its ground truth "
                    + "captured just before; the SVM at hb-agent's marker, just before execve of the utility.")
    static final class Take implements Callable<Integer> {

        @CommandLine.Spec
        private CommandLine.Model.CommandSpec spec;

        @Parameters(index = "0", paramLabel = "GUEST", converter = GuestCommand.GuestKindConverter.class,
                description = "svm, gvm (the demo) or a fixture GVM: gvm-busy.")
        private GuestKind kind;

        @Option(names = { "-o", "--output" }, paramLabel = "FILE",
                description = "Where to write it (default: GUEST.hbsnap, or svm-UTILITY.hbsnap with --utility).")
        private Path output;

        @Option(names = "--utility", paramLabel = "COMMAND",
                description = "SVM only: take the run-start state of this command line alone (just before its "
                        + "execve) instead of the one that serves every command line (the agent's child parked "
                        + "before it reads the command line a run writes).")
        private String utility;

        @Option(names = "--memory", paramLabel = "MIB", description = "Guest RAM in MiB, 64 to 3072 (default: the "
                + "guest's own: 256, gvm-busy 2048). A GVM of another size than the SVM lays its kernel data out "
                + "elsewhere: the bridge must not care.")
        private Integer memoryMib;

        @Option(names = "--cpus", paramLabel = "N",
                description = "vCPUs, 1 to " + MachineOptions.MAX_CPUS + " (default: the guest's own: 1, gvm-busy 4).")
        private Integer cpus;

        @Override
        public Integer call() {
            GuestImages images = GuestImages.inDefaultCache();
            ProgressLine progress = new ProgressLine(spec.commandLine().getErr());
            Path target = output != null ? output
                    : Path.of(kind.isGvm() || utility == null ? kind.label() + ".hbsnap"
                            : "svm-" + utility.strip().split("\\s+")[0] + ".hbsnap");
            SnapshotManifest manifest = kind.isGvm()
                    ? Snapshots.takeGvm(images, kind, target, options(), progress)
                    : Snapshots.takeSvm(images, target, utility, options(), progress);
            spec.commandLine().getOut().printf("%s  %s  %,d bytes of memory  sha256 %s%n", target, manifest.guest(),
                    manifest.memoryBytes(), manifest.memorySha256());
            return 0;
        }

        private MachineOptions options() {
            MachineOptions options = kind.defaultOptions();
            options = memoryMib == null ? options : options.withMemoryMib(memoryMib);
            return cpus == null ? options : options.withCpus(cpus);
        }
    }

    @Command(name = "info", mixinStandardHelpOptions = true,
            description = "Check a snapshot (format, size, memory hash) and print its manifest, sizes, kernel and "
                    + "page statistics. Exit 2 when the file is not a sound snapshot.")
    static final class Info implements Callable<Integer> {

        @CommandLine.Spec
        private CommandLine.Model.CommandSpec spec;

        @CommandLine.Mixin
        private GuestText guestText;

        @Parameters(index = "0", paramLabel = "FILE")
        private Path file;

        @Option(names = "--kernel",
                description = "Also check the snapshot's kernel against the SVM's kernel profile (made on first use).")
        private boolean checkKernel;

        @Override
        public Integer call() throws Exception {
            try (SnapshotFile snapshot = SnapshotFile.open(file)) {
                snapshot.verify();
                SnapshotManifest manifest = snapshot.manifest();
                String kernelCheck = !checkKernel ? null
                        : KernelCheck.checkMatches(KernelProfiler.profile(GuestImages.inDefaultCache(),
                                MachineOptions.defaults(), new ProgressLine(spec.commandLine().getErr())), snapshot);
                print(snapshot, manifest, spec.commandLine().getOut());
                if (kernelCheck != null) {
                    spec.commandLine().getOut().printf("checked     the profile's kernel, %s%n", kernelCheck);
                }
            }
            return 0;
        }

        private void print(SnapshotFile snapshot, SnapshotManifest manifest, PrintWriter out) {
            out.printf("file        %s%n", file);
            out.printf("format      %d (%s), taken %s%n", manifest.formatVersion(), manifest.source(), manifest.takenAt());
            out.printf("guest       %s%n", manifest.guest());
            out.printf("kernel      %s%n", guestText.shown(manifest.kernelBanner().strip()));
            out.printf("memory      %,d bytes, sha256 %s (verified)%n", manifest.memoryBytes(), manifest.memorySha256());
            for (MemoryRange range : manifest.memory()) {
                PageStatistics pages = PageStatistics.of(snapshot, range);
                out.printf("  range     0x%x-0x%x  %,d pages, %,d zero%n", range.guestPhysical(),
                        range.guestPhysical() + range.size(), pages.pages(), pages.zeroPages());
            }
            out.printf("vcpu        rip 0x%x  rsp 0x%x  cr3 0x%x%n", manifest.vcpu().register("rip"),
                    manifest.vcpu().register("rsp"), manifest.vcpu().register("cr3"));
            for (int cpu = 0; cpu < manifest.vcpus().size(); cpu++) {
                VcpuState vcpu = manifest.vcpus().get(cpu);
                out.printf("  cpu %-5d rip 0x%x  %s mode  (hb run --gvm-cpu %d)%n", cpu, vcpu.register("rip"),
                        (vcpu.segments().get("cs").selector() & 3) == 0 ? "kernel" : "user", cpu);
            }
            if (manifest.marker() != null) {
                SnapshotManifest.Marker marker = manifest.marker();
                out.printf("marker      %s, pid %d, %s%n", marker.kind(), marker.pid(),
                        marker.kind().equals(SnapshotManifest.Marker.PARK) ? "any command line (the run writes it)"
                                : "command '" + guestText.shown(marker.command()) + "'");
            }
            for (Map.Entry<String, String> truth : manifest.groundTruth().entrySet()) {
                out.printf("ground truth: %s%n", truth.getKey());
                guestText.shown(truth.getValue()).lines().forEach(line -> out.printf("  | %s%n", line));
            }
        }
    }

    @Command(name = "import", mixinStandardHelpOptions = true,
            description = "Import QEMU's dump-guest-memory ELF core (what virsh dump --memory-only writes) as a "
                    + ".hbsnap, every vCPU's state with it.")
    static final class Import implements Callable<Integer> {

        @CommandLine.Spec
        private CommandLine.Model.CommandSpec spec;

        @Parameters(index = "0", paramLabel = "ELF")
        private Path elfCore;

        @Option(names = { "-o", "--output" }, paramLabel = "FILE", required = true, description = "The .hbsnap to write.")
        private Path output;

        @Override
        public Integer call() {
            SnapshotManifest manifest = Snapshots.importElfCore(elfCore, output);
            spec.commandLine().getOut().printf("%s  %,d bytes of memory  %d vCPUs  sha256 %s%n", output,
                    manifest.memoryBytes(), manifest.vcpus().size(), manifest.memorySha256());
            return 0;
        }
    }

    @Command(name = "dump", mixinStandardHelpOptions = true,
            description = "Boot a fixture GVM and have QEMU write the ELF core of the running guest "
                    + "(dump-guest-memory, as virsh dump --memory-only does), for hb snapshot import.")
    static final class Dump implements Callable<Integer> {

        @CommandLine.Spec
        private CommandLine.Model.CommandSpec spec;

        @Parameters(index = "0", paramLabel = "GUEST", converter = GuestCommand.GuestKindConverter.class,
                description = "gvm (the demo) or a fixture GVM: gvm-busy.")
        private GuestKind kind;

        @Option(names = { "-o", "--output" }, paramLabel = "FILE", required = true,
                description = "The ELF core to write.")
        private Path output;

        @Override
        public Integer call() {
            Snapshots.dumpGvm(GuestImages.inDefaultCache(), kind, output, kind.defaultOptions(),
                    new ProgressLine(spec.commandLine().getErr()));
            spec.commandLine().getOut().printf("%s  QEMU's ELF core of the running %s, %,d bytes%n", output,
                    kind.label(), output.toFile().length());
            return 0;
        }
    }
}
