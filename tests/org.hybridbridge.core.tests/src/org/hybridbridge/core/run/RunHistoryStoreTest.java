package org.hybridbridge.core.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import org.hybridbridge.model.ModelFactory;
import org.hybridbridge.model.RunHistory;
import org.hybridbridge.model.RunVerdict;
import org.hybridbridge.model.Snapshot;
import org.hybridbridge.model.UtilityRun;
import org.hybridbridge.model.store.RunHistoryStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The history of runs that hb and the Runs view append to: runs kept in order, each snapshot once,
 * and no run lost when several writers append at once (hb and the workbench are two processes;
 * here, threads, which the store serialises the same way).
 */
class RunHistoryStoreTest {

    @Test
    void runsAreKeptInOrderAndASnapshotOnce(@TempDir Path directory) {
        RunHistoryStore store = new RunHistoryStore(directory.resolve(UtilityRunner.HISTORY_FILE));
        assertEquals(0, store.read().getRuns().size(), "no file yet: an empty history");

        store.append(run("getpid", "aaaa"));
        store.append(run("ps", "aaaa"));
        store.append(run("lsmod", "bbbb"));

        RunHistory history = store.read();
        assertEquals(List.of("getpid", "ps", "lsmod"), history.getRuns().stream().map(UtilityRun::getCommandLine)
                .toList());
        assertEquals(2, history.getSnapshots().size(), "the GVM of getpid and ps is kept once");
        assertSame(history.getRuns().get(0).getGvm(), history.getRuns().get(1).getGvm());
        assertEquals(RunVerdict.MATCHES, history.getRuns().get(2).getVerdict());
    }

    @Test
    void concurrentAppendsLoseNoRun(@TempDir Path directory) throws InterruptedException {
        RunHistoryStore store = new RunHistoryStore(directory.resolve(UtilityRunner.HISTORY_FILE));
        List<Thread> writers = new ArrayList<>();
        IntStream.range(0, 8).forEach(i -> writers.add(Thread.ofPlatform().start(() -> {
            for (int j = 0; j < 5; j++) {
                store.append(run("run-" + i + "-" + j, "aaaa"));
            }
        })));
        for (Thread writer : writers) {
            writer.join();
        }
        assertEquals(40, store.read().getRuns().size());
    }

    private static UtilityRun run(String commandLine, String gvmHash) {
        UtilityRun run = ModelFactory.eINSTANCE.createUtilityRun();
        run.setCommandLine(commandLine);
        run.setEngine(BridgeEngine.slow.name());
        run.setVerdict(RunVerdict.MATCHES);
        Snapshot gvm = ModelFactory.eINSTANCE.createSnapshot();
        gvm.setFile("/cache/gvm.hbsnap");
        gvm.setMemorySha256(gvmHash);
        run.setGvm(gvm);
        return run;
    }
}
