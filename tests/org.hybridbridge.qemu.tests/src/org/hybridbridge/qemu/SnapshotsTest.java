package org.hybridbridge.qemu;

import org.hybridbridge.progress.ProgressListener;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;

import org.hybridbridge.internal.qemu.image.Hashes;
import org.hybridbridge.qemu.QemuMachine.MarkerStop;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Kernel profile and snapshots of real guests under real QEMU (DESIGN.md 3.1). */
class SnapshotsTest {

    private static KernelProfile profile;

    @BeforeAll
    static void profileTheKernel() {
        TestGuests.require(GuestKind.SVM);
        profile = KernelProfiler.profile(GuestImages.inDefaultCache(), MachineOptions.defaults(), ProgressListener.NONE);
    }

    @Test
    void profileResolvesTheKernelsKeySymbolsInsideItsText() {
        long text = profile.sections().get("_stext");
        long textEnd = profile.sections().get("_etext");
        long doSyscall = profile.symbol("do_syscall_64");

        assertTrue(profile.symbolCount() > 50_000, "symbols: " + profile.symbolCount());
        assertTrue(text <= doSyscall && doSyscall < textEnd, Long.toHexString(doSyscall));
        assertTrue(profile.symbol("init_task") > textEnd, "init_task is data");
        assertTrue(profile.banner().startsWith("Linux version " + profile.kernelRelease() + " "), profile.banner());
        assertTrue(profile.perCpuBase() < 0, "the per-CPU base is a kernel address");
        assertEquals(profile.directory(),
                KernelProfiler.profile(GuestImages.inDefaultCache(), MachineOptions.defaults(), ProgressListener.NONE)
                        .directory(), "a second request is served from the cache");
    }

    @Test
    void aUtilityTheSvmDoesNotHaveFailsAtOnceAndWritesNothing(@TempDir Path directory) {
        Path target = directory.resolve("svm-htop.hbsnap");

        GuestException e = assertThrows(GuestException.class, () -> Snapshots.takeSvm(GuestImages.inDefaultCache(),
                target, "htop -t", MachineOptions.defaults(), ProgressListener.NONE));

        assertEquals("the SVM has no command htop", e.getMessage());
        assertFalse(java.nio.file.Files.exists(target));
    }

    @Test
    void aSnapshotOfAnotherKernelIsRefusedNamingBothKernels() {
        SnapshotManifest foreign = SnapshotFileTest.manifest("0".repeat(64));

        InvalidSnapshotException e = assertThrows(InvalidSnapshotException.class, () -> profile.checkMatches(foreign));

        assertTrue(e.getMessage().contains("Linux version test"), e.getMessage());
        assertTrue(e.getMessage().contains(profile.banner().strip()), e.getMessage());
    }

    @Test
    void svmRunStartSnapshotHoldsSwapperInInitTaskAndTheKernelsMsrs(@TempDir Path directory) {
        Path target = directory.resolve("svm.hbsnap");
        SnapshotManifest manifest = Snapshots.takeSvm(GuestImages.inDefaultCache(), target, "getpid",
                MachineOptions.defaults(), ProgressListener.NONE);

        try (SnapshotFile snapshot = SnapshotFile.open(target)) {
            assertEquals(manifest, snapshot.manifest());
            assertEquals(manifest.memorySha256(), snapshot.computeMemorySha256());
            profile.checkMatches(manifest);
            VcpuState vcpu = manifest.vcpu();
            assertEquals(QemuMachine.MARKER_ADDRESS, vcpu.register("rip"));
            assertEquals(QemuMachine.MARK_EXEC, vcpu.register("rdi"));
            assertEquals(3, vcpu.segments().get("cs").selector() & 3, "stopped in user mode");
            assertEquals(profile.symbol("entry_SYSCALL_64"), vcpu.register("lstar"));
            assertEquals(profile.perCpuBase(), vcpu.register("kernel_gs_base"));
            long comm = PageWalk.physical(snapshot, vcpu.register("cr3"), profile.symbol("init_task"))
                    + profile.memberOffset("task_struct", "comm");
            String name = new String(snapshot.readPhysical(comm, 16), StandardCharsets.US_ASCII);
            assertTrue(name.startsWith("swapper"), name);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void gvmSnapshotCarriesGroundTruthAndIsNeverOverwritten(@TempDir Path directory) throws IOException {
        Path target = directory.resolve("gvm.hbsnap");
        SnapshotManifest manifest = Snapshots.takeGvm(GuestImages.inDefaultCache(), GuestKind.GVM, target,
                MachineOptions.defaults(), ProgressListener.NONE);

        assertEquals("freeze", manifest.marker().kind());
        assertEquals("hb-freeze", manifest.marker().command());
        assertEquals(Snapshots.GROUND_TRUTH_COMMANDS, java.util.List.copyOf(manifest.groundTruth().keySet()));
        assertTrue(manifest.groundTruth().get("ps").contains("sshd-backdoor"));
        assertTrue(manifest.groundTruth().get("lsmod").contains("dummy"));
        assertEquals("gvm-demo\n", manifest.groundTruth().get("hostname"));
        byte[] written = Files.readAllBytes(target);

        assertThrows(IllegalArgumentException.class, () -> Snapshots.takeGvm(GuestImages.inDefaultCache(),
                GuestKind.GVM, target, MachineOptions.defaults(), ProgressListener.NONE));
        assertEquals(Hashes.sha256(written), Hashes.sha256(Files.readAllBytes(target)));
    }

    @Test
    void qemusElfDumpAndOurSnapshotOfThePausedGuestHoldTheSameMemory(@TempDir Path directory) throws IOException {
        Path ours = directory.resolve("ours.hbsnap");
        Path core = directory.resolve("qemu.elf");
        Path imported = directory.resolve("imported.hbsnap");
        SnapshotManifest taken;
        try (QemuMachine svm = QemuMachine.boot(TestGuests.require(GuestKind.SVM), MachineOptions.defaults(),
                ProgressListener.NONE)) {
            String banner = svm.run("cat /proc/version").output();
            MarkerStop stop = svm.stopAtMarker("getpid", QemuMachine.MARK_EXEC);
            taken = Snapshots.takeAtMarker(svm, stop, ours, banner, java.util.Map.of());
            svm.dumpGuestMemory(core);
            svm.resumeFromMarker();
        }

        SnapshotManifest fromElf = Snapshots.importElfCore(core, imported);

        assertEquals(taken.kernelBanner(), fromElf.kernelBanner());
        assertEquals(taken.vcpu().register("cr3"), fromElf.vcpu().register("cr3"));
        assertEquals(taken.vcpu().register("kernel_gs_base"), fromElf.vcpu().register("kernel_gs_base"));
        assertFalse(fromElf.vcpu().registers().containsKey("lstar"), "ELF notes carry no MSRs");
        try (SnapshotFile elf = SnapshotFile.open(imported)) {
            assertEquals(0, elf.manifest().memory().get(0).guestPhysical());
            assertEquals(taken.memoryBytes(), elf.manifest().memory().get(0).size());
            assertEquals(taken.memorySha256(), sha256(elf, taken.memoryBytes()));
        }
    }

    @Test
    void aFixtureDumpedWhileRunningImportsWithItsKernelAndEveryVcpu(@TempDir Path directory) throws IOException {
        TestGuests.require(GuestKind.GVM);
        Path core = directory.resolve("gvm.elf");
        Path imported = directory.resolve("gvm.hbsnap");

        Snapshots.dumpGvm(GuestImages.inDefaultCache(), GuestKind.GVM, core, GuestKind.GVM.defaultOptions(),
                ProgressListener.NONE);
        SnapshotManifest manifest = Snapshots.importElfCore(core, imported);

        try (var files = Files.list(directory)) {
            assertEquals(java.util.Set.of(core, imported), java.util.Set.copyOf(files.toList()), "no partial file");
        }
        profile.checkMatches(manifest);
        assertEquals(GuestKind.GVM.defaultOptions().cpus(), manifest.vcpus().size());
        assertEquals(manifest.vcpus().get(0), manifest.vcpu());
    }

    /** SHA-256 of the first {@code size} bytes of guest-physical memory, from address 0. */
    private static String sha256(SnapshotFile snapshot, long size) {
        MessageDigest digest = Hashes.newDigest();
        for (long address = 0; address < size; address += 1 << 20) {
            digest.update(snapshot.readPhysical(address, (int) Math.min(1 << 20, size - address)));
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
