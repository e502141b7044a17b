package org.hybridbridge.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;

import org.hybridbridge.progress.ProgressListener;
import org.hybridbridge.qemu.GuestImages;
import org.hybridbridge.qemu.GuestKind;
import org.hybridbridge.qemu.MachineOptions;
import org.hybridbridge.qemu.QemuInstallation;
import org.hybridbridge.qemu.SnapshotCache;
import org.hybridbridge.testing.Requirements;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

class HbTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int hb(String... args) {
        return Hb.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String stdout() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void unknownSubcommandPrintsUsageAndExits2() {
        assertEquals(2, hb("frobnicate"));
        assertTrue(stderr().contains("frobnicate"), stderr());
        assertTrue(stderr().contains("Usage: hb"), stderr());
    }

    @Test
    void unknownOptionPrintsUsageAndExits2() {
        assertEquals(2, hb("doctor", "--frobnicate"));
        assertTrue(stderr().contains("--frobnicate"), stderr());
        assertTrue(stderr().contains("Usage: hb doctor"), stderr());
    }

    @Test
    void noSubcommandPrintsUsageAndExits2() {
        assertEquals(2, hb());
        assertTrue(stderr().contains("Usage: hb"), stderr());
    }

    @Test
    void helpListsTheCommandsAndExits0() {
        assertEquals(0, hb("--help"));
        assertTrue(stdout().contains("doctor"), stdout());
        assertTrue(stdout().contains("guest"), stdout());
    }

    @Test
    void groupWithoutSubcommandIsBadUsage() {
        assertEquals(2, hb("guest"));
        assertTrue(stderr().contains("Usage: hb guest"), stderr());
    }

    @Test
    void unknownGuestIsBadUsage() {
        assertEquals(2, hb("guest", "run", "xvm", "--", "ps"));
        assertTrue(stderr().contains("unknown guest 'xvm': expected one of svm, gvm, gvm-busy"), stderr());
    }

    @Test
    void guestRunWithoutACommandIsBadUsage() {
        assertEquals(2, hb("guest", "run", "gvm"));
        assertTrue(stderr().contains("Usage: hb guest run"), stderr());
    }

    @Test
    void doctorJsonIsOneObjectAndItsExitStatusFollowsOk() {
        int status = hb("doctor", "--json");

        JsonObject report = JsonParser.parseString(stdout()).getAsJsonObject();
        boolean ok = report.get("ok").getAsBoolean();
        assertEquals(ok ? 0 : 1, status);
        long missing = report.getAsJsonArray("checks").asList().stream().map(JsonElement::getAsJsonObject)
                .filter(check -> check.get("status").getAsString().equals("missing")).count();
        long missingLines = stderr().lines().filter(line -> line.startsWith("hb doctor: missing: ")).count();
        assertEquals(missing, missingLines, "one clear line per missing piece: " + stderr());
        assertTrue(stderr().contains("[1/"), "progress lines go to stderr: " + stderr());
    }

    @Test
    void aFileThatIsNoSnapshotIsBadInput(@TempDir Path directory) throws IOException {
        Path notSnapshot = Files.writeString(directory.resolve("notes.hbsnap"), "just some text\n");

        assertEquals(2, hb("snapshot", "info", notSnapshot.toString()));
        assertEquals(List.of("hb snapshot info: " + notSnapshot + " is not a .hbsnap file"), stderr().lines().toList());
    }

    @Test
    void aMissingSnapshotIsBadInput(@TempDir Path directory) {
        assertEquals(2, hb("snapshot", "info", directory.resolve("absent.hbsnap").toString()));
        assertEquals(1, stderr().lines().count(), stderr());
    }

    @Test
    void aForeignElfIsRefusedAndNothingIsWritten(@TempDir Path directory) throws IOException {
        Path elf = Path.of("/proc/self/exe").toRealPath(); // the JVM: an ELF, but no QEMU core
        Path target = directory.resolve("imported.hbsnap");

        assertEquals(2, hb("snapshot", "import", elf.toString(), "-o", target.toString()));

        assertTrue(stderr().contains("is not a QEMU dump-guest-memory core"), stderr());
        assertEquals(List.of(), Files.list(directory).toList(), "bad input writes nothing");
    }

    @Test
    void dumpingTheSvmIsRefusedBeforeAnyGuestBootsAndNothingIsWritten(@TempDir Path directory) throws IOException {
        Path target = directory.resolve("svm.elf");

        assertEquals(2, hb("snapshot", "dump", "svm", "-o", target.toString()));

        assertEquals(List.of("hb snapshot dump: svm is not a guest to introspect"), stderr().lines().toList());
        assertEquals(List.of(), Files.list(directory).toList(), "bad input writes nothing");
    }

    @Test
    void runWithoutAGvmToRedirectToIsBadInput() {
        assertEquals(2, hb("run", "--svm", "svm.hbsnap", "getpid"));
        assertEquals(List.of("hb run: redirection needs a GVM snapshot (--gvm), or run with --no-redirect"),
                stderr().lines().toList());
    }

    @Test
    void fastRunWithNeitherAGvmNorNoRedirectIsBadInput() {
        assertEquals(2, hb("run", "--engine", "fast", "--svm", "svm.hbsnap", "getpid"));
        assertEquals(List.of("hb run: --engine fast redirects to a GVM: give --gvm FILE, or --no-redirect"),
                stderr().lines().toList());
        assertEquals("", stdout());
    }

    @Test
    void fastRunFromAFileThatIsNoSnapshotIsBadInput(@TempDir Path directory) throws IOException {
        Path notSnapshot = Files.writeString(directory.resolve("svm.hbsnap"), "not a snapshot");

        assertEquals(2, hb("run", "--engine", "fast", "--cpu", "ENGINE", "--profile", fakeProfile(directory).toString(),
                "--svm", notSnapshot.toString(), "--no-redirect", "getpid"));
        assertEquals(List.of("hb run: " + notSnapshot + " is not a .hbsnap file"),
                stderr().lines().filter(line -> line.startsWith("hb run:")).toList());
        assertEquals("", stdout());
    }

    @Test
    void runFromAFileThatIsNoSnapshotIsBadInput(@TempDir Path directory) throws IOException {
        Path profile = fakeProfile(directory);
        Path notSnapshot = Files.writeString(directory.resolve("svm.hbsnap"), "not a snapshot");

        assertEquals(2, hb("run", "--profile", profile.toString(), "--svm", notSnapshot.toString(), "--no-redirect",
                "getpid"));
        assertEquals(List.of("hb run: " + notSnapshot + " is not a .hbsnap file"),
                stderr().lines().filter(line -> line.startsWith("hb run:")).toList());
        assertEquals("", stdout());
    }

    /** A command that runs out of heap: a real OutOfMemoryError from the JVM, as a large run gets. */
    @Command(name = "exhaust")
    static final class Exhausting implements Callable<Integer> {
        @Override
        public Integer call() {
            long[] moreThanTheHeap = new long[Integer.MAX_VALUE - 8];
            return moreThanTheHeap.length;
        }
    }

    @Test
    void anErrorEndsTheCommandWithOneLineAndExit1() {
        CommandLine hb = Hb.commandLine(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        hb.addSubcommand(new Exhausting());
        hb.setErr(hb.getErr()); // picocli hands the error stream to the subcommands present at the call

        assertEquals(1, Hb.execute(hb, new String[] { "exhaust" }));
        assertEquals(List.of("hb exhaust: java.lang.OutOfMemoryError: Java heap space (give hb more memory: "
                + "HB_VM_ARGS=-Xmx...)"), stderr().lines().toList());
    }

    @Test
    void aTraceIsNeverWrittenOverAnExistingFile(@TempDir Path directory) throws IOException {
        Path profile = fakeProfile(directory);
        Path svm = Files.writeString(directory.resolve("svm.hbsnap"), "the SVM snapshot");

        assertEquals(2, hb("run", "--profile", profile.toString(), "--svm", svm.toString(), "--no-redirect",
                "--trace", svm.toString(), "getpid"));
        assertEquals(List.of("hb run: " + svm + " exists already: hb run never overwrites a file"),
                stderr().lines().filter(line -> line.startsWith("hb run:")).toList());
        assertEquals("the SVM snapshot", Files.readString(svm));
    }

    @Test
    void everyWordAfterTheUtilityIsTheUtilitys() {
        assertEquals(2, hb("run", "--svm", "svm.hbsnap", "uname", "-a", "--no-redirect"));
        assertEquals(List.of("hb run: redirection needs a GVM snapshot (--gvm), or run with --no-redirect"),
                stderr().lines().toList(), "--no-redirect after the utility is uname's argument, not hb's");
    }

    /**
     * The real getpid against the busy fixture GVM (the cached snapshots hb bench uses): its JSON
     * is one document whose system calls show getpid introspected, answering the pid it printed,
     * its printf a captured write of the bytes printed, and exit_group last, without a result.
     */
    @Test
    void runJsonAndSyscallsListGetpidsSystemCallsAsItRan(@TempDir Path directory) {
        GuestImages images = GuestImages.inDefaultCache();
        Requirements.require(images.isPresent(GuestKind.SVM) && images.isPresent(GuestKind.GVM_BUSY),
                () -> "no SVM and busy GVM images in " + images.imageDirectory() + ": run hb guest build");
        QemuInstallation qemu = QemuInstallation.find();
        Requirements.require(qemu.isUsable(), () -> "no QEMU to take the snapshots: " + qemu.problem());
        SnapshotCache snapshots = new SnapshotCache(images, MachineOptions.defaults());
        Path svm = snapshots.svm(ProgressListener.NONE);
        Path gvm = snapshots.gvm(GuestKind.GVM_BUSY, ProgressListener.NONE);

        int status = hb("run", "--json", "--syscalls", "--metadata", directory.resolve("m.json").toString(),
                "--svm", svm.toString(), "--gvm", gvm.toString(), "getpid");

        assertEquals(0, status, stderr());
        JsonObject run = JsonParser.parseString(stdout()).getAsJsonObject();
        assertEquals("getpid", run.get("utility").getAsString());
        assertEquals(0, run.get("exitStatus").getAsInt());
        String printed = run.get("output").getAsString();
        long pid = Long.parseLong(printed.strip());
        List<JsonObject> syscalls = run.getAsJsonArray("syscalls").asList().stream().map(JsonElement::getAsJsonObject)
                .toList();
        List<JsonObject> getpids = syscalls.stream().filter(s -> s.get("name").getAsString().equals("getpid")).toList();
        assertEquals(1, getpids.size(), "libc's start-up does not call getpid");
        assertEquals(39, getpids.get(0).get("number").getAsInt());
        assertEquals("introspected", getpids.get(0).get("class").getAsString());
        assertEquals(pid, getpids.get(0).get("result").getAsLong(), "the pid printed is getpid's result");
        assertTrue(getpids.get(0).get("kernelInstructions").getAsLong() > 0);
        JsonObject write = syscalls.stream().filter(s -> s.get("class").getAsString().equals("output")).findFirst()
                .orElseThrow();
        assertEquals("write", write.get("name").getAsString());
        assertEquals("0x1", write.getAsJsonArray("arguments").get(0).getAsString(), "to standard output");
        assertEquals(printed.length(), write.get("result").getAsLong(), "the bytes printed");
        JsonObject last = syscalls.get(syscalls.size() - 1);
        assertEquals(List.of("exit_group", "exit"), List.of(last.get("name").getAsString(),
                last.get("class").getAsString()));
        assertFalse(last.has("result"), "exit_group does not return");
        long kernel = run.getAsJsonObject("instructions").get("kernel").getAsLong();
        assertTrue(syscalls.stream().mapToLong(s -> s.get("kernelInstructions").getAsLong()).sum() <= kernel);
        assertEquals(syscalls.size(), stderr().lines().filter(line -> line.matches(" *\\d+ \\w+ .* = .*")).count(),
                stderr());
        Pattern getpidLine = Pattern.compile(" +39 getpid +introspected +\\(.*\\) = " + pid + "  [\\d,]+ kernel instructions");
        assertTrue(stderr().lines().anyMatch(line -> getpidLine.matcher(line).matches()), stderr());
    }

    @Test
    void syscallsAreRefusedByTheFastEngineInOneLine() {
        assertEquals(2, hb("run", "--engine", "fast", "--no-redirect", "--syscalls", "--svm", "svm.hbsnap", "getpid"));
        assertEquals(1, stderr().lines().count(), stderr());
        assertTrue(stderr().startsWith("hb run: --syscalls needs --engine slow"), stderr());
    }

    /** A kernel profile of no real kernel: enough for hb run to get as far as its input checks. */
    private static Path fakeProfile(Path directory) throws IOException {
        Path profile = Files.createDirectories(directory.resolve("profile"));
        Files.writeString(profile.resolve("profile.json"), """
                {"banner": "Linux version test\n", "kernelRelease": "test", "imageSha256": "00",
                 "perCpuBase": "0xffff88800f600000", "sections": {}, "keySymbols": {}}""");
        Files.writeString(profile.resolve("kallsyms"), "");
        return profile;
    }

    @Test
    void doctorTableHasOneLinePerCheck() {
        hb("doctor");

        assertTrue(stdout().lines().anyMatch(line -> line.startsWith("KVM ")), stdout());
        assertTrue(stdout().lines().anyMatch(line -> line.startsWith("JDK ")), stdout());
    }
}
