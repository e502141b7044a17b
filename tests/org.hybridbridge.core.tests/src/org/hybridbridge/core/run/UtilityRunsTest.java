package org.hybridbridge.core.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.hybridbridge.core.progress.ProgressListener;
import org.hybridbridge.qemu.GuestKind;
import org.hybridbridge.qemu.KernelProfile;
import org.hybridbridge.qemu.SnapshotFile;
import org.hybridbridge.qemu.SnapshotManifest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Inspection utilities run through Slow-Bridge answer as each GVM answered itself: the oracle is
 * the ground truth the GVM snapshot's manifest recorded, run inside the GVM just before it was
 * frozen. Every fixture GVM: the demo (256 MiB, one vCPU, laid out like the SVM) and the busy
 * one (2 GiB, 4 vCPUs, frozen on its last CPU: its per-CPU areas are nowhere near the SVM's).
 */
class UtilityRunsTest {

    private static KernelProfile profile;

    @BeforeAll
    static void profile() {
        profile = RunFixtures.profile();
    }

    private static SnapshotManifest manifest(Path gvm) throws IOException {
        try (SnapshotFile file = SnapshotFile.open(gvm)) {
            return file.manifest();
        }
    }

    private static SlowRunOutcome run(Path gvm, String commandLine, Path metadata) {
        SlowRunRequest request = new SlowRunRequest(RunFixtures.svm(commandLine), gvm,
                List.of(commandLine.split(" ")), true, SlowRunRequest.DEFAULT_BUDGET, null, null, metadata, null);
        SlowRunOutcome outcome = SlowRun.run(request, profile, ProgressListener.NONE);
        assertEquals(0, outcome.result().exitStatus(), commandLine);
        assertEquals(List.of(), outcome.result().warnings(), commandLine + ": a sane guest gives no kernel trouble");
        return outcome;
    }

    @ParameterizedTest
    @EnumSource(value = GuestKind.class, names = { "GVM", "GVM_BUSY" })
    void getpidAnswersTheProcessFrozenOnTheCpuTheFreezeRanOn(GuestKind kind, @TempDir Path directory)
            throws IOException {
        Path gvm = RunFixtures.gvm(kind);
        SlowRunOutcome outcome = run(gvm, "getpid", directory.resolve("m.json"));

        assertEquals(manifest(gvm).marker().pid() + "\n", outcome.result().outputText());
        GvmCpu cpu = outcome.gvmCpu();
        int cpus = kind.defaultOptions().cpus();
        assertEquals(cpus, cpu.count());
        assertEquals(cpus - 1, cpu.number(), "hb-freeze is pinned to the last CPU");
    }

    @ParameterizedTest
    @EnumSource(value = GuestKind.class, names = { "GVM", "GVM_BUSY" })
    void hostnameUnameLsmodArpAndNetstatAnswerTheGvmsOwn(GuestKind kind, @TempDir Path directory)
            throws IOException {
        Path gvm = RunFixtures.gvm(kind);
        Map<String, String> groundTruth = manifest(gvm).groundTruth();
        for (String commandLine : List.of("hostname", "uname -a", "lsmod", "arp", "netstat")) {
            assertEquals(groundTruth.get(commandLine), run(gvm, commandLine, directory.resolve("m.json")).result()
                    .outputText(), kind.label() + ": " + commandLine);
        }
    }

    @Test
    void sysfsIsTheGvmsKernelStateToo(@TempDir Path directory) throws IOException {
        Path gvm = RunFixtures.gvm();
        assertTrue(manifest(gvm).groundTruth().get("lsmod").contains("dummy"), "the demo GVM loads dummy");

        String redirected = run(gvm, "ls /sys/class/net", directory.resolve("m.json")).result().outputText();
        SlowRunRequest alone = new SlowRunRequest(RunFixtures.svm("ls /sys/class/net"), null,
                List.of("ls", "/sys/class/net"), false, SlowRunRequest.DEFAULT_BUDGET, null, null,
                directory.resolve("m.json"), null);
        String svm = SlowRun.run(alone, profile, ProgressListener.NONE).result().outputText();

        assertTrue(redirected.contains("dummy0"), redirected);
        assertTrue(!svm.contains("dummy0"), "the SVM has no dummy interface: " + svm);
    }

    @ParameterizedTest
    @EnumSource(value = GuestKind.class, names = { "GVM", "GVM_BUSY" })
    void psListsTheGvmsProcessesByPidUserAndCommand(GuestKind kind, @TempDir Path directory) throws IOException {
        Path gvm = RunFixtures.gvm(kind);
        SnapshotManifest manifest = manifest(gvm);
        Map<Integer, String> listed = processes(run(gvm, "ps", directory.resolve("m.json")).result().outputText());

        Map<Integer, String> expected = processes(manifest.groundTruth().get("ps"));
        expected.values().remove("root ps"); // the GVM's own ps had ended when it was frozen
        // and hb-freeze had started (taskset, if it was pinned, exec'd it under the same pid)
        expected.put(manifest.marker().pid(), "root hb-freeze");
        assertEquals(expected, listed);
        assertTrue(kind != GuestKind.GVM_BUSY || listed.size() > 150, "the busy fixture runs 150+ processes");
    }

    /**
     * busybox ps: {@code PID USER COMMAND}, the command being the rest of the line; the user name
     * comes from the SVM's own /etc/passwd, read while the GVM's /proc is open (the fixtures' only
     * other user, uid 1000, has no name in either guest). A kworker's name ends in the workqueue
     * it is running ({@code [kworker/0:2-events]}), which may change between the GVM's own ps
     * and its freeze: that suffix is not compared.
     */
    static Map<Integer, String> processes(String ps) {
        Map<Integer, String> processes = new TreeMap<>();
        ps.lines().skip(1).map(String::strip).filter(line -> !line.isEmpty()).forEach(line -> {
            String[] fields = line.split("\\s+", 3);
            String command = fields[2].replaceFirst("^\\[(kworker/[^-\\]]+)-[^\\]]*\\]$", "[$1]");
            processes.put(Integer.parseInt(fields[0]), fields[1] + " " + command);
        });
        return processes;
    }
}
