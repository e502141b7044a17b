package org.hybridbridge.core.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import org.hybridbridge.progress.ProgressListener;
import org.hybridbridge.qemu.KernelProfile;
import org.hybridbridge.qemu.SnapshotFile;
import org.hybridbridge.taint.PausedPoint;
import org.hybridbridge.taint.RunBudget;
import org.hybridbridge.taint.RunResult;
import org.hybridbridge.taint.metadata.InstructionRecord;
import org.hybridbridge.taint.metadata.KernelMetadata;
import org.hybridbridge.taint.metadata.MetadataFile;
import org.hybridbridge.taint.syscall.SyscallDecision;
import org.hybridbridge.x86.exec.EngineError;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The software fast path ({@code --engine memo}) against the demo GVM. The oracle is Slow-Bridge:
 * the same utility, redirected by taint analysis, prints the same bytes; its meta-data is what the
 * memoized run routes by.
 */
class MemoRunTest {

    private static KernelProfile profile;
    private static Path gvm;

    @TempDir
    Path directory;

    @BeforeAll
    static void snapshotsAndProfile() {
        profile = RunFixtures.profile();
        gvm = RunFixtures.gvm();
    }

    private SlowRunRequest request(String commandLine, Path store) {
        return new SlowRunRequest(RunFixtures.svm(), gvm, UtilityRunner.command(commandLine), true,
                RunBudget.DEFAULT, null, null, store, null);
    }

    @ParameterizedTest
    @ValueSource(strings = { "getpid", "uname -a", "lsmod", "ps" })
    void onceSlowBridgeHasLearnedAUtilityMemoPrintsTheSameBytesWithoutAFallback(String commandLine) {
        Path store = directory.resolve("metadata.hbmeta");
        RunResult slow = SlowRun.run(request(commandLine, store), profile, ProgressListener.NONE).result();

        MemoRunOutcome memo = MemoRun.run(request(commandLine, store), profile, ProgressListener.NONE);

        assertEquals(slow.outputText(), memo.run().result().outputText());
        assertEquals(slow.exitStatus(), memo.run().result().exitStatus());
        assertEquals(List.of(), memo.run().result().warnings());
        assertEquals(0, memo.fallbacks());
        assertEquals(0, memo.run().result().metadata().records().size(), "memo learns nothing");
    }

    @Test
    void aDeletedRecordMakesExactlyOneFallbackAndIsLearnedBack() throws IOException {
        Path learned = directory.resolve("learned.json");
        RunResult slow = SlowRun.run(request("getpid", learned), profile, ProgressListener.NONE).result();
        LackingStores lacking = LackingStores.without(learned, "__do_sys_getpid", directory.resolve("lacking.json"));
        Path store = lacking.store();
        InstructionRecord load = lacking.deleted();
        assertNull(MetadataFile.read(store).find(load.address()));

        MemoRunOutcome first = MemoRun.run(request("getpid", store), profile, ProgressListener.NONE);

        assertEquals(1, first.fallbacks());
        assertEquals(1, first.learned());
        assertNotNull(MetadataFile.read(store).find(load.address()), "learned back");
        assertEquals(slow.outputText(), first.run().result().outputText());
        MemoRunOutcome second = MemoRun.run(request("getpid", store), profile, ProgressListener.NONE);
        assertEquals(0, second.fallbacks());
        assertEquals(slow.outputText(), second.run().result().outputText());
    }

    @Test
    void fromAnEmptyStoreEachFallbackLearnsWhatSlowBridgeLearnsAndTheSecondRunTakesNone() throws IOException {
        String commandLine = "lsmod";
        Path full = directory.resolve("full.hbmeta");
        RunResult slow = SlowRun.run(request(commandLine, full), profile, ProgressListener.NONE).result();
        KernelMetadata everything = MetadataFile.read(full);
        Path store = directory.resolve("empty.hbmeta");

        MemoRunOutcome first = MemoRun.run(request(commandLine, store), profile, ProgressListener.NONE);

        assertEquals(slow.outputText(), first.run().result().outputText());
        long introspected = slow.syscalls().stream().filter(c -> c.decision() == SyscallDecision.INTROSPECT).count();
        assertTrue(first.fallbacks() >= 2 && first.fallbacks() <= introspected,
                first.fallbacks() + " fallbacks, " + introspected + " introspected system calls");
        KernelMetadata learned = MetadataFile.read(store);
        assertEquals(learned.records().size(), first.learned());
        for (InstructionRecord record : learned.records()) {
            InstructionRecord slowOne = everything.find(record.address());
            assertNotNull(slowOne, () -> record.symbol() + " learned by a replay, not by Slow-Bridge's own run");
            assertEquals(slowOne.accessClass(), record.accessClass(), record.symbol());
        }
        MemoRunOutcome second = MemoRun.run(request(commandLine, store), profile, ProgressListener.NONE);
        assertEquals(0, second.fallbacks());
        assertEquals(slow.outputText(), second.run().result().outputText());
        for (Path file : List.of(RunFixtures.svm(), gvm)) { // the replays mapped them too
            try (SnapshotFile snapshot = SnapshotFile.open(file)) {
                assertEquals(snapshot.manifest().memorySha256(), snapshot.computeMemorySha256(), file.toString());
            }
        }
    }

    @Test
    void aReplayThatDoesNotMeetThePausedInstructionIsAnErrorNamingBothStates() {
        Path store = directory.resolve("replay.hbmeta");
        PausedPoint elsewhere = new PausedPoint(0, "execve", 1, 0x1, "nowhere");

        EngineError diverged = assertThrows(EngineError.class, () -> replay(store, elsewhere));

        assertTrue(diverged.getMessage().contains("the replay diverged: the paused run was at 0x1 <nowhere> in "
                + "system call #0 (execve), kernel instruction 1, Slow-Bridge is at 0x"), diverged.getMessage());

        PausedPoint beyond = new PausedPoint(0, "execve", Long.MAX_VALUE, 0x1, "nowhere");
        EngineError missed = assertThrows(EngineError.class, () -> replay(store, beyond));
        assertTrue(missed.getMessage().contains("returned after"), missed.getMessage());
        assertTrue(missed.getMessage().contains("without reaching the paused run's 0x1 <nowhere>"),
                missed.getMessage());
    }

    private void replay(Path store, PausedPoint point) {
        try (FallbackReplay replay = FallbackReplay.open(request("getpid", store), profile)) {
            replay.learnTo(point, ProgressListener.NONE);
        }
    }
}
