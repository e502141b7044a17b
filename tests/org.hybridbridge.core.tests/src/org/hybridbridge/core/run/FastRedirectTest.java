package org.hybridbridge.core.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.hybridbridge.fast.ExitCounts;
import org.hybridbridge.fast.FastBridgeOptions;
import org.hybridbridge.fast.FastBridgeOptions.GuestCpu;
import org.hybridbridge.fast.FastRunResult;
import org.hybridbridge.fast.Redirection;
import org.hybridbridge.progress.ProgressListener;
import org.hybridbridge.qemu.GuestKind;
import org.hybridbridge.qemu.KernelProfile;
import org.hybridbridge.qemu.SnapshotFile;
import org.hybridbridge.taint.RunResult;
import org.hybridbridge.taint.metadata.InstructionRecord;
import org.hybridbridge.taint.metadata.MetadataFile;
import org.hybridbridge.testing.Requirements;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Redirected Fast-Bridge (issue 10, part 2) against its oracles: Slow-Bridge redirected to the
 * same GVM, and the guest's own answers taken inside it at snapshot time; its fallbacks against
 * the meta-data Slow-Bridge learns. Every fixture guest: the demo, the busy one (4 vCPUs, whose
 * clock reads go to the HPET, an MMIO exit here), Debian's and the networked one.
 */
class FastRedirectTest {

    /** Each utility's answer is in the fixture's ground truth, except getpid's: the marker's pid. */
    private static final List<String> UTILITIES = List.of("getpid", "hostname", "uname -a", "lsmod", "arp", "netstat");

    private static KernelProfile profile;

    @BeforeAll
    static void kernelProfile() {
        profile = RunFixtures.profile();
    }

    /**
     * Fast-Bridge starts from an empty meta-data store: its first run of each utility falls back
     * to Slow-Bridge wherever it meets an instruction no earlier utility ran, its second takes none.
     */
    @ParameterizedTest
    @EnumSource(value = GuestKind.class, names = { "GVM", "GVM_BUSY", "GVM_DEBIAN", "GVM_NET" })
    void onKvmEachUtilityAnswersAsSlowBridgeAndTheGuestDidAndItsSecondRunTakesNoFallback(GuestKind kind,
            @TempDir Path directory) throws IOException {
        Requirements.requireKvm();
        Path gvm = RunFixtures.gvm(kind);
        Map<String, String> groundTruth;
        long pid;
        try (SnapshotFile file = SnapshotFile.open(gvm)) {
            groundTruth = file.manifest().groundTruth();
            pid = file.manifest().marker().pid();
        }
        Path store = directory.resolve("fast.hbmeta");
        int fallbacks = 0;
        for (String commandLine : UTILITIES) {
            RunResult slow = slow(gvm, commandLine, directory.resolve("slow.hbmeta"));
            FastRunOutcome first = fast(gvm, commandLine, GuestCpu.KVM, store, directory);
            FastRunResult second = fast(gvm, commandLine, GuestCpu.KVM, store, directory).result();

            String what = kind.label() + ": " + commandLine;
            String truth = commandLine.equals("getpid") ? pid + "\n" : groundTruth.get(commandLine);
            assertEquals(truth, first.result().outputText(), what);
            assertArrayEquals(slow.output(), first.result().output(), what);
            assertArrayEquals(slow.output(), second.output(), what);
            assertEquals(slow.exitStatus(), second.exitStatus(), what);
            assertEquals(0, second.exits().fallbacks(), what + ": the second run");
            assertTrue(second.exits().of(ExitCounts.INTROSPECTED_CALL) > 0,
                    () -> what + " took no introspected call: " + second.exits().byCause());
            fallbacks += first.result().exits().fallbacks();
        }
        assertTrue(fallbacks > 0, "an empty store makes the first runs fall back");
    }

    @Test
    void onKvmADeletedRecordMakesExactlyOneFallbackAndIsLearnedBack(@TempDir Path directory) throws IOException {
        Requirements.requireKvm();
        Path gvm = RunFixtures.gvm();
        Path store = directory.resolve("store.hbmeta");
        RunResult slow = slow(gvm, "getpid", store);
        LackingStores lacking = LackingStores.without(store, "__task_pid_nr_ns", directory.resolve("lacking.hbmeta"));
        Path lackingStore = lacking.store();
        InstructionRecord load = lacking.deleted();

        FastRunOutcome first = fast(gvm, "getpid", GuestCpu.KVM, lackingStore, directory);

        assertEquals(1, first.result().exits().fallbacks(), () -> first.result().exits().byCause().toString());
        assertEquals(1, first.learned());
        assertNotNull(MetadataFile.read(lackingStore).find(load.address()), "learned back");
        assertArrayEquals(slow.output(), first.result().output());
        assertEquals(0, fast(gvm, "getpid", GuestCpu.KVM, lackingStore, directory).result().exits().fallbacks());
    }

    @Test
    void onKvmPsListsTheDemoGuestsProcessesAsSlowBridgeDoes(@TempDir Path directory) {
        Requirements.requireKvm();
        Path gvm = RunFixtures.gvm();
        Path metadata = directory.resolve("metadata.hbmeta");
        RunResult slow = slow(gvm, "ps", metadata);

        FastRunResult fast = fast(gvm, "ps", GuestCpu.KVM, metadata, directory).result();

        assertArrayEquals(slow.output(), fast.output());
    }

    /** The engine standing in for KVM follows the same views, so hosts without KVM run this path too. */
    @Test
    void onTheEngineGetpidAnswersTheGuestsPidAndNoSnapshotFileChanges(@TempDir Path directory) throws IOException {
        Path gvm = RunFixtures.gvm();
        String svmBefore = FastRunTest.sha256(RunFixtures.svm());
        String gvmBefore = FastRunTest.sha256(gvm);
        Path metadata = directory.resolve("metadata.hbmeta");
        RunResult slow = slow(gvm, "getpid", metadata);

        FastRunResult fast = fast(gvm, "getpid", GuestCpu.ENGINE, metadata, directory).result();

        assertArrayEquals(slow.output(), fast.output());
        assertEquals(svmBefore, FastRunTest.sha256(RunFixtures.svm()));
        assertEquals(gvmBefore, FastRunTest.sha256(gvm));
    }

    /** A Slow-Bridge run redirected to {@code gvm}, which adds what it learns to {@code metadata}. */
    private static RunResult slow(Path gvm, String commandLine, Path metadata) {
        SlowRunRequest request = new SlowRunRequest(RunFixtures.svm(), gvm, List.of(commandLine.split(" ")), true,
                SlowRunRequest.DEFAULT_BUDGET, null, null, metadata, null);
        return SlowRun.run(request, profile, ProgressListener.NONE).result();
    }

    private static FastRunOutcome fast(Path gvm, String commandLine, GuestCpu cpu, Path metadata, Path directory) {
        FastRunRequest request = new FastRunRequest(RunFixtures.svm(), List.of(commandLine.split(" ")),
                FastBridgeOptions.DEFAULT_EXIT_BUDGET, Duration.ofMinutes(5), null, cpu,
                directory.resolve("sites.txt"), false, gvm, null, metadata, Redirection.DEFAULT_HAND_OFF_AFTER);
        return FastRun.run(request, profile, ProgressListener.NONE);
    }
}
