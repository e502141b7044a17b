package org.hybridbridge.core.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.hybridbridge.progress.ProgressListener;
import org.hybridbridge.qemu.CommandResult;
import org.hybridbridge.qemu.GuestImages;
import org.hybridbridge.qemu.GuestKind;
import org.hybridbridge.qemu.InvalidSnapshotException;
import org.hybridbridge.qemu.KernelProfile;
import org.hybridbridge.qemu.MachineOptions;
import org.hybridbridge.qemu.QemuInstallation;
import org.hybridbridge.qemu.QemuMachine;
import org.hybridbridge.qemu.SnapshotFile;
import org.hybridbridge.qemu.SnapshotManifest;
import org.hybridbridge.qemu.Snapshots;
import org.hybridbridge.qemu.VcpuState;
import org.hybridbridge.testing.Requirements;
import org.hybridbridge.x86.exec.AccessType;
import org.hybridbridge.x86.exec.Mmu;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The analyst's path (issue 8, item 4): a running guest of the kernel build, dumped by QEMU itself
 * with {@code dump-guest-memory} (the ELF core {@code virsh dump --memory-only} writes), imported,
 * introspected through Slow-Bridge. The guest is the busy fixture (2 GiB, 4 vCPUs), running, not
 * frozen: no marker, no MSRs, and an awk loop spinning in user mode on its last CPU (no system
 * calls), so that CPU's GS base in the dump is the user's. The oracle is the guest's own answers
 * just before the dump.
 */
class ElfDumpRunTest {

    private static final GuestKind FIXTURE = GuestKind.GVM_BUSY;
    private static final List<String> OWN_ANSWERS = List.of("hostname", "uname -a", "lsmod", "ps");
    /** One word (hb-agent splits on blanks, without a shell): a loop that never enters the kernel. */
    private static final String SPINNER = "/usr/bin/awk BEGIN{for(;;)x++}";
    /** How procps ps names it: its command name, the only awk of the guest. */
    private static final String SPINNER_NAME = "awk";

    @TempDir
    static Path directory;

    private static KernelProfile profile;
    private static Path imported;
    private static SnapshotManifest manifest;
    private static final Map<String, String> own = new LinkedHashMap<>();
    private static int lastCpu;

    @BeforeAll
    static void dumpARunningGuestAndImportIt() throws IOException {
        profile = RunFixtures.profile();
        GuestImages images = GuestImages.inDefaultCache();
        Requirements.require(QemuInstallation.find().isUsable(), () -> "no QEMU to run the guest to dump");
        Requirements.require(images.isPresent(FIXTURE), () -> "no " + FIXTURE.label() + " image: run hb guest build");
        MachineOptions options = FIXTURE.defaultOptions();
        lastCpu = options.cpus() - 1;
        Path dump = directory.resolve("guest.elf");
        try (QemuMachine guest = QemuMachine.boot(images.require(FIXTURE), options, ProgressListener.NONE)) {
            // detached (-b), pinned by the affinity start-stop-daemon passes on; -n: start unless an awk runs
            CommandResult spinner = guest.run("taskset -c " + lastCpu + " start-stop-daemon -S -b -n awk -a "
                    + SPINNER);
            assertTrue(spinner.succeeded(), spinner.output());
            for (String commandLine : OWN_ANSWERS) {
                own.put(commandLine, guest.run(commandLine).output());
            }
            imported = directory.resolve("guest.hbsnap");
            // the spinner is in user mode almost always, but a timer interrupt or a page fault can
            // catch it in the kernel at the dump's instant: dump again (the guest runs on) until
            // its CPU is caught at CPL3, which the tests below are about
            for (int attempt = 1;; attempt++) {
                guest.dumpGuestMemory(dump);
                manifest = Snapshots.importElfCore(dump, imported);
                if (userMode(manifest.vcpus().get(lastCpu)) || attempt == MAXIMUM_DUMPS) {
                    break;
                }
                Files.delete(dump);
                Files.delete(imported);
            }
        }
    }

    private static final int MAXIMUM_DUMPS = 5;

    private static boolean userMode(VcpuState vcpu) {
        return (vcpu.segments().get("cs").selector() & 3) == 3;
    }

    private static SlowRunOutcome run(Path gvm, String commandLine, Integer gvmCpu) {
        SlowRunRequest request = new SlowRunRequest(RunFixtures.svm(), gvm,
                List.of(commandLine.split(" ")), true, SlowRunRequest.DEFAULT_BUDGET, null, null,
                directory.resolve("metadata.hbmeta"), gvmCpu);
        SlowRunOutcome outcome = SlowRun.run(request, profile, ProgressListener.NONE);
        assertEquals(0, outcome.result().exitStatus(), () -> commandLine + " printed:\n" + outcome.result().outputText());
        return outcome;
    }

    @Test
    void hostnameUnameAndLsmodAnswerTheDumpedGuestsOwn() {
        for (String commandLine : List.of("hostname", "uname -a", "lsmod")) {
            SlowRunOutcome outcome = run(imported, commandLine, null);
            assertEquals(own.get(commandLine), outcome.result().outputText(), commandLine);
            assertEquals(0, outcome.gvmCpu().number(), "without --gvm-cpu, the dump's first vCPU");
            assertEquals(lastCpu + 1, outcome.gvmCpu().count());
        }
    }

    @Test
    void psListsTheDumpedGuestsProcessesByPidAndCommand() {
        Map<Integer, String> expected = ProcessList.parse(own.get("ps"), 0);
        expected.values().remove("ps"); // the guest's own ps had ended when QEMU dumped it
        assertTrue(expected.size() > 150, "the busy fixture runs 150+ processes");

        // procps ps first checks that /proc/self exists, and /proc/self is the introspected CPU's
        // current process: the dump's first CPU is idle (its idle task has no /proc entry), the
        // spinner's CPU runs a process
        assertEquals(expected, ProcessList.parse(run(imported, "ps", lastCpu).result().outputText(), 0));
    }

    @Test
    void getpidOnTheSpinnersCpuAnswersTheSpinner() {
        SlowRunOutcome outcome = run(imported, "getpid", lastCpu);

        assertEquals(spinner() + "\n", outcome.result().outputText());
        assertEquals(lastCpu, outcome.gvmCpu().number());
        assertEquals("chosen; its vCPU state's GS base agrees", outcome.gvmCpu().chosenBy());
    }

    @Test
    void theImportIsQemusDumpOfTheRunningGuestWithEveryVcpu() {
        assertEquals("qemu-elf-core", manifest.source());
        assertEquals(null, manifest.marker(), "no marker: the guest was running");
        assertEquals(profile.banner(), manifest.kernelBanner(), "the banner found without symbols is linux_banner");
        assertFalse(manifest.vcpu().registers().containsKey("lstar"), "ELF notes carry no MSRs");
        assertEquals(lastCpu + 1, manifest.vcpus().size(), "one QEMU note per vCPU");
        assertEquals(manifest.vcpus().get(0), manifest.vcpu(), "introspected by default: the first vCPU");
        VcpuState spinning = manifest.vcpus().get(lastCpu);
        assertTrue(userMode(spinning), "the spinner's CPU was dumped in user mode");
        assertEquals(0, spinning.segments().get("gs").base(), "so its GS base is the user's, not a per-CPU area");
    }

    @Test
    void withoutKernelGsBaseInTheNotesThePerCpuAreaComesFromTheGuestsOwnOffsets() throws Exception {
        // what a QEMU older than 5.2 writes: no KERNEL_GS_BASE in its notes
        Path old = SnapshotCopies.copy(imported, directory.resolve("old-qemu.hbsnap"), Map.of(),
                m -> withVcpus(m, m.vcpus().stream().map(ElfDumpRunTest::withoutKernelGsBase).toList()));

        SlowRunOutcome outcome = run(old, "getpid", lastCpu);

        assertEquals(spinner() + "\n", outcome.result().outputText());
        assertEquals("chosen", outcome.gvmCpu().chosenBy(), "nothing in the user-mode state to cross-check");
        Files.delete(old);
    }

    @Test
    void vcpuStatesOutOfTheGuestsCpuOrderAreRefusedInOneLine() throws Exception {
        List<VcpuState> reversed = new ArrayList<>(manifest.vcpus());
        Collections.reverse(reversed);
        Path shuffled = SnapshotCopies.copy(imported, directory.resolve("reversed.hbsnap"), Map.of(),
                m -> withVcpus(m, reversed));

        InvalidSnapshotException refused = assertThrows(InvalidSnapshotException.class,
                () -> run(shuffled, "getpid", lastCpu));

        assertTrue(refused.getMessage().startsWith("the snapshot's vCPU " + lastCpu + " has kernel GS base 0x"),
                refused.getMessage());
        assertTrue(refused.getMessage().endsWith("its vCPU states are not in the guest's CPU order"),
                refused.getMessage());
        Files.delete(shuffled);
    }

    @Test
    void aDumpOfAnotherKernelBuildIsRefusedInOneLineNamingBothBanners() throws Exception {
        long banner = physical(profile.symbol("linux_banner"));
        Path other = SnapshotCopies.copy(imported, directory.resolve("other.hbsnap"),
                Map.of(banner, KernelCheckTest.OTHER.getBytes(StandardCharsets.US_ASCII)), m -> m);

        InvalidSnapshotException refused = assertThrows(InvalidSnapshotException.class,
                () -> run(other, "hostname", null));

        assertEquals("the snapshot's kernel (" + KernelCheckTest.OTHER.strip() + ") is not this profile's ("
                + profile.banner().strip() + ")", refused.getMessage());
        Files.delete(other);
    }

    @Test
    void aTruncatedDumpIsRefusedInOneLineAndWritesNothing() throws IOException {
        Path truncated = directory.resolve("truncated.elf");
        try (InputStream in = Files.newInputStream(directory.resolve("guest.elf"));
                OutputStream out = Files.newOutputStream(truncated)) {
            out.write(in.readNBytes(64 << 20));
        }
        Path target = directory.resolve("truncated.hbsnap");

        InvalidSnapshotException refused = assertThrows(InvalidSnapshotException.class,
                () -> Snapshots.importElfCore(truncated, target));

        assertTrue(refused.getMessage().startsWith(truncated + " is truncated"), refused.getMessage());
        assertFalse(refused.getMessage().contains("\n"), refused.getMessage());
        assertFalse(Files.exists(target));
    }

    /** The spinner's pid, as the guest's own ps listed it. */
    private static int spinner() {
        return ProcessList.parse(own.get("ps"), 0).entrySet().stream()
                .filter(process -> process.getValue().equals(SPINNER_NAME)).mapToInt(Map.Entry::getKey).findFirst()
                .orElseThrow(() -> new AssertionError("the guest's ps lists no " + SPINNER + ":\n" + own.get("ps")));
    }

    private static SnapshotManifest withVcpus(SnapshotManifest m, List<VcpuState> vcpus) {
        return new SnapshotManifest(m.formatVersion(), m.source(), m.guest(), m.kernelBanner(), m.memory(),
                m.memorySha256(), vcpus.get(0), vcpus, m.marker(), m.groundTruth(), m.takenAt());
    }

    private static VcpuState withoutKernelGsBase(VcpuState vcpu) {
        Map<String, Long> registers = new LinkedHashMap<>(vcpu.registers());
        registers.remove("kernel_gs_base");
        return new VcpuState(registers, vcpu.segments(), vcpu.gdt(), vcpu.idt(), vcpu.x87(), vcpu.xmm(),
                vcpu.source());
    }

    private static long physical(long kernelAddress) throws Exception {
        try (SnapshotFile snapshot = SnapshotFile.open(imported)) {
            return Mmu.fixedRoot(new SnapshotMemory(snapshot), snapshot.manifest().vcpu().register("cr3"), false)
                    .translate(kernelAddress, AccessType.READ);
        }
    }
}
