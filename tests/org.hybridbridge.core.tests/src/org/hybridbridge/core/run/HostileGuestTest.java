package org.hybridbridge.core.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.hybridbridge.core.fuzz.FuzzCase;
import org.hybridbridge.core.fuzz.FuzzReport;
import org.hybridbridge.core.fuzz.GuestFuzzer;
import org.hybridbridge.core.fuzz.Outcome;
import org.hybridbridge.progress.ProgressListener;
import org.hybridbridge.qemu.KernelProfile;
import org.hybridbridge.qemu.SnapshotFile;
import org.hybridbridge.taint.CopyOnWriteMemory;
import org.hybridbridge.taint.RunBudget;
import org.hybridbridge.x86.exec.AccessType;
import org.hybridbridge.x86.exec.CpuException;
import org.hybridbridge.x86.exec.EngineError;
import org.hybridbridge.x86.exec.Mmu;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A hostile guest's data, damaged in memory only: a cyclic kernel list ends in a bounded error
 * naming the loop, and a fixed-seed set of damaged variants never hangs, crashes or changes the
 * snapshot file ({@code hb fuzz}).
 */
class HostileGuestTest {

    private static final KernelProfile PROFILE = RunFixtures.profile();

    @Test
    void aModuleListThatPointsToItselfStopsWithinTheBudgetNamingTheLoop(@TempDir Path directory)
            throws IOException, CpuException {
        Path gvm = RunFixtures.gvm();
        try (SnapshotFile file = SnapshotFile.open(gvm)) {
            Mmu kernel = kernelOf(file);
            long firstModuleList = kernel.read(PROFILE.symbol("modules"), 8);
            assertTrue(firstModuleList != PROFILE.symbol("modules"), "the demo GVM has modules loaded");
            long firstModuleNext = kernel.translate(firstModuleList, AccessType.READ);
            SlowRunRequest lsmod = new SlowRunRequest(RunFixtures.svm(), gvm, List.of("lsmod"), true,
                    RunBudget.DEFAULT.withInstructions(20_000_000), null, null, directory.resolve("m.json"), null);

            EngineError error = assertThrows(EngineError.class, () -> SlowRun.run(lsmod, PROFILE,
                    ProgressListener.NONE, memory -> {
                        CopyOnWriteMemory cyclic = new CopyOnWriteMemory(memory);
                        cyclic.write(firstModuleNext, 8, firstModuleList); // the first module's list.next: itself
                        return cyclic;
                    }));

            assertTrue(error.getMessage().matches(".*budget .* ran out; the last instructions went round .*"),
                    error.getMessage());
            file.verify();
        }
    }

    @Test
    void damagedVariantsNeverHangCrashOrChangeTheSnapshot(@TempDir Path directory) {
        List<GuestFuzzer.Target> targets = List.of(new GuestFuzzer.Target("getpid", RunFixtures.svm()),
                new GuestFuzzer.Target("lsmod", RunFixtures.svm()));
        GuestFuzzer fuzzer = new GuestFuzzer(PROFILE, RunFixtures.gvm(), targets,
                RunBudget.DEFAULT.withWallTime(Duration.ofSeconds(60)), directory.resolve("m.json"));

        FuzzReport report = fuzzer.run(12, 7, ProgressListener.NONE);

        assertEquals(24, report.cases().size());
        assertTrue(report.snapshotVerified());
        for (FuzzCase c : report.cases()) {
            assertTrue(c.outcome() != Outcome.HANG && c.outcome() != Outcome.CRASH, c.toString());
            assertTrue(!c.pages().isEmpty(), "every variant damages pages the clean runs read: " + c);
            assertTrue(c.outcome() != Outcome.CLEAR_ERROR || c.detail().lines().count() == 1, c.toString());
        }
    }

    private static Mmu kernelOf(SnapshotFile file) {
        return VcpuStates.kernelSpace(new SnapshotMemory(file), file.manifest().vcpu());
    }
}
