package org.hybridbridge.core.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.hybridbridge.progress.ProgressListener;
import org.hybridbridge.qemu.GuestKind;
import org.hybridbridge.qemu.KernelProfile;
import org.hybridbridge.qemu.SnapshotFile;
import org.hybridbridge.qemu.SnapshotManifest;
import org.hybridbridge.taint.RunResult;
import org.hybridbridge.taint.metadata.InstructionRecord;
import org.hybridbridge.taint.shadow.TaintSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Inspection utilities run through Slow-Bridge answer as each GVM answered itself: the oracle is
 * the ground truth the GVM snapshot's manifest recorded, run inside the GVM just before it was
 * frozen. Every fixture GVM: the demo (256 MiB, one vCPU, laid out like the SVM), the busy
 * one (2 GiB, 4 vCPUs, frozen on its last CPU: its per-CPU areas are nowhere near the SVM's) and
 * the Debian one (1 GiB, 2 vCPUs, Debian's dynamically linked programs among its processes). The
 * utilities are the same programs in the SVM and in each GVM (Debian's where Debian ships one);
 * the comparison, tolerances included, is {@link GroundTruth}'s.
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
        SlowRunRequest request = new SlowRunRequest(RunFixtures.svm(), gvm,
                List.of(commandLine.split(" ")), true, SlowRunRequest.DEFAULT_BUDGET, null, null, metadata, null);
        SlowRunOutcome outcome = SlowRun.run(request, profile, ProgressListener.NONE);
        assertEquals(0, outcome.result().exitStatus(), commandLine);
        assertEquals(List.of(), outcome.result().warnings(), commandLine + ": a sane guest gives no kernel trouble");
        return outcome;
    }

    @ParameterizedTest
    @EnumSource(value = GuestKind.class, names = { "GVM", "GVM_BUSY", "GVM_DEBIAN", "GVM_NET" })
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
    @EnumSource(value = GuestKind.class, names = { "GVM", "GVM_BUSY", "GVM_DEBIAN", "GVM_NET" })
    void hostnameUnameLsmodArpAndNetstatAnswerTheGvmsOwn(GuestKind kind, @TempDir Path directory)
            throws IOException {
        Path gvm = RunFixtures.gvm(kind);
        Map<String, String> groundTruth = manifest(gvm).groundTruth();
        for (String commandLine : List.of("hostname", "uname -a", "lsmod", "arp", "netstat")) {
            assertEquals(groundTruth.get(commandLine), run(gvm, commandLine, directory.resolve("m.json")).result()
                    .outputText(), kind.label() + ": " + commandLine);
        }
    }

    /**
     * Debian's procps, sysstat, net-tools and psmisc, dynamically linked with glibc, on the guest
     * whose own processes include Debian's programs: counters and averages within GroundTruth's
     * tolerances, the routing table and the process tree as the guest printed them.
     */
    @ParameterizedTest
    @ValueSource(strings = { "free", "uptime", "vmstat", "iostat", "mpstat", "pidstat", "pstree", "route" })
    void debiansUtilitiesAnswerAsTheDebianFixtureDid(String commandLine, @TempDir Path directory) throws IOException {
        Path gvm = RunFixtures.gvm(GuestKind.GVM_DEBIAN);
        String output = run(gvm, commandLine, directory.resolve("m.json")).result().outputText();

        GroundTruth.Verdict verdict = GroundTruth.check(List.of(commandLine.split(" ")), output, manifest(gvm));
        assertTrue(verdict.known() && verdict.matches(),
                commandLine + " printed:\n" + output + "the GVM's own answer:\n" + verdict.expected());
    }

    /**
     * The network fixture (8 vCPUs): its routes through dummies, a veth end and a bridge as it
     * printed them; its listening sockets, which its ground truth does not list (netstat without
     * -a), by the ports its init script opened: TCP from nc and hb-sleeper, UDP from hb-sleeper.
     */
    @Test
    void theNetworkFixturesRoutesAndListeningSocketsAreItsOwn(@TempDir Path directory) throws IOException {
        Path gvm = RunFixtures.gvm(GuestKind.GVM_NET);
        String route = run(gvm, "route", directory.resolve("m.json")).result().outputText();
        assertEquals(manifest(gvm).groundTruth().get("route"), route);
        assertTrue(route.contains("br0") && route.contains("vethgw") && route.contains("dummy1"), route);

        String listening = run(gvm, "netstat -ltun", directory.resolve("m.json")).result().outputText();
        for (String socket : List.of("tcp .*0\\.0\\.0\\.0:179 ", "tcp .*0\\.0\\.0\\.0:8443 ", ":::22 ", ":::443 ",
                "udp .*0\\.0\\.0\\.0:67 ", "udp .*0\\.0\\.0\\.0:123 ", "udp .*0\\.0\\.0\\.0:161 ")) {
            assertTrue(java.util.regex.Pattern.compile(socket).matcher(listening).find(),
                    "netstat -ltun has no " + socket + ":\n" + listening);
        }
    }

    @Test
    void sysfsIsTheGvmsKernelStateToo(@TempDir Path directory) throws IOException {
        Path gvm = RunFixtures.gvm();
        assertTrue(manifest(gvm).groundTruth().get("lsmod").contains("dummy"), "the demo GVM loads dummy");

        String redirected = run(gvm, "ls /sys/class/net", directory.resolve("m.json")).result().outputText();
        SlowRunRequest alone = new SlowRunRequest(RunFixtures.svm(), null,
                List.of("ls", "/sys/class/net"), false, SlowRunRequest.DEFAULT_BUDGET, null, null,
                directory.resolve("m.json"), null);
        String svm = SlowRun.run(alone, profile, ProgressListener.NONE).result().outputText();

        assertTrue(redirected.contains("dummy0"), redirected);
        assertTrue(!svm.contains("dummy0"), "the SVM has no dummy interface: " + svm);
    }

    @ParameterizedTest
    @EnumSource(value = GuestKind.class, names = { "GVM", "GVM_BUSY", "GVM_DEBIAN" })
    void psListsTheGvmsProcessesByPidAndCommand(GuestKind kind, @TempDir Path directory) throws IOException {
        Path gvm = RunFixtures.gvm(kind);
        RunResult result = run(gvm, "ps", directory.resolve("m.json")).result();
        String ps = result.outputText();

        GroundTruth.Verdict verdict = GroundTruth.check(List.of("ps"), ps, manifest(gvm));
        assertTrue(verdict.matches(), kind.label() + ": ps printed\n" + ps + "the GVM's own, as compared:\n"
                + verdict.expected());
        assertTrue(kind != GuestKind.GVM_BUSY || ProcessList.parse(ps, 0).size() > 150,
                "the busy fixture runs 150+ processes");
        assertTrue(kind != GuestKind.GVM_DEBIAN || ProcessList.parse(ps, 0).containsValue("vmstat"),
                "the Debian fixture runs Debian's vmstat");
        Set<String> met = result.taintSources().stream().map(TaintSource::symbol).collect(Collectors.toSet());
        List<InstructionRecord> united = result.metadata().records().stream()
                .filter(r -> r.taintSources().size() >= 2).toList();
        assertTrue(!united.isEmpty(), "a pointer walk of ps unites the taint of several loads");
        united.forEach(r -> assertTrue(met.containsAll(r.taintSources()), r + " names sources the run met"));
    }
}
