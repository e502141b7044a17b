package org.hybridbridge.core.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.hybridbridge.core.progress.ProgressListener;
import org.hybridbridge.qemu.KernelProfile;
import org.hybridbridge.qemu.SnapshotFile;
import org.hybridbridge.qemu.SnapshotManifest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Inspection utilities run through Slow-Bridge answer as the GVM answered itself: the oracle is
 * the ground truth the GVM snapshot's manifest recorded, run inside the GVM just before it was
 * frozen.
 */
class UtilityRunsTest {

    private static KernelProfile profile;
    private static Path gvm;
    private static SnapshotManifest gvmManifest;

    @BeforeAll
    static void gvmAndProfile() throws IOException {
        profile = RunFixtures.profile();
        gvm = RunFixtures.gvm();
        try (SnapshotFile file = SnapshotFile.open(gvm)) {
            gvmManifest = file.manifest();
        }
    }

    private static String run(String commandLine, Path metadata) {
        SlowRunRequest request = new SlowRunRequest(RunFixtures.svm(commandLine), gvm,
                List.of(commandLine.split(" ")), true, SlowRunRequest.DEFAULT_BUDGET, null, null, metadata, null);
        SlowRunOutcome outcome = SlowRun.run(request, profile, ProgressListener.NONE);
        assertEquals(0, outcome.result().exitStatus(), commandLine);
        return outcome.result().outputText();
    }

    @Test
    void hostnameAndUnameAnswerTheGvmsNames(@TempDir Path directory) {
        for (String commandLine : List.of("hostname", "uname -a")) {
            assertEquals(gvmManifest.groundTruth().get(commandLine), run(commandLine, directory.resolve("m.json")),
                    commandLine);
        }
    }

    @Test
    void psListsTheGvmsProcessesByPidUserAndCommand(@TempDir Path directory) {
        Map<Integer, String> listed = processes(run("ps", directory.resolve("m.json")));

        Map<Integer, String> expected = processes(gvmManifest.groundTruth().get("ps"));
        expected.values().remove("root ps"); // the GVM's own ps had ended when it was frozen
        SnapshotManifest.Marker frozen = gvmManifest.marker();
        expected.put(frozen.pid(), "root " + frozen.command()); // and hb-freeze had started
        assertEquals(expected, listed);
    }

    /**
     * busybox ps: {@code PID USER COMMAND}, the command being the rest of the line; the user name
     * comes from the SVM's own /etc/passwd, read while the GVM's /proc is open. A kworker's name
     * ends in the workqueue it is running ({@code [kworker/0:2-events]}), which may change
     * between the GVM's own ps and its freeze: that suffix is not compared.
     */
    private static Map<Integer, String> processes(String ps) {
        Map<Integer, String> processes = new TreeMap<>();
        ps.lines().skip(1).map(String::strip).filter(line -> !line.isEmpty()).forEach(line -> {
            String[] fields = line.split("\\s+", 3);
            String command = fields[2].replaceFirst("^\\[(kworker/[^-\\]]+)-[^\\]]*\\]$", "[$1]");
            processes.put(Integer.parseInt(fields[0]), fields[1] + " " + command);
        });
        return processes;
    }
}
