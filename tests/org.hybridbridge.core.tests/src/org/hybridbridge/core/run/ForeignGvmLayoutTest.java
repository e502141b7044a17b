package org.hybridbridge.core.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import org.hybridbridge.progress.ProgressListener;
import org.hybridbridge.qemu.GuestKind;
import org.hybridbridge.qemu.KernelProfile;
import org.hybridbridge.qemu.SnapshotFile;
import org.hybridbridge.qemu.VcpuState;
import org.hybridbridge.taint.CopyOnWriteMemory;
import org.hybridbridge.taint.GvmImage;
import org.hybridbridge.taint.SlowBridge;
import org.hybridbridge.taint.SlowBridgeOptions;
import org.hybridbridge.taint.syscall.SyscallTable;
import org.hybridbridge.x86.exec.EngineError;
import org.hybridbridge.x86.exec.Machine;
import org.hybridbridge.x86.exec.QemuCpuModel;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The busy fixture GVM (2 GiB, 4 vCPUs) lays its per-CPU areas out nowhere near the SVM's. The
 * bridge once served the SVM kernel's {@code %gs:} loads at the SVM's own per-CPU base in the
 * GVM image: {@code current_task} then read whatever lay there, the next load through it
 * faulted, and the SVM kernel took the fault as its own oops, killing the utility (the run
 * ended in an unrelated {@code read}, in {@code hlt}). These tests pin both halves of the fix.
 */
class ForeignGvmLayoutTest {

    private static KernelProfile profile;
    private static Path gvm;
    private static Path svm;

    @BeforeAll
    static void snapshots() {
        profile = RunFixtures.profile();
        gvm = RunFixtures.gvm(GuestKind.GVM_BUSY);
        svm = RunFixtures.svm();
    }

    @Test
    void perCpuDataReadAtTheSvmsBaseMakesTheCurrentTaskDangleAndTheRunNamesTheFaultInOneLine() throws IOException {
        try (SnapshotFile svmFile = SnapshotFile.open(svm); SnapshotFile gvmFile = SnapshotFile.open(gvm)) {
            VcpuState svmVcpu = svmFile.manifest().vcpu();
            VcpuState gvmVcpu = gvmFile.manifest().vcpu();
            long svmPerCpuBase = svmVcpu.register("kernel_gs_base");
            assertNotEquals(svmPerCpuBase, gvmVcpu.register("kernel_gs_base"), "the layouts must differ");
            Machine machine = new Machine(VcpuStates.toCpuState(svmVcpu),
                    new CopyOnWriteMemory(new SnapshotMemory(svmFile)), new QemuCpuModel(0));
            SlowRun.handCommand(machine, svmFile, "getpid", svm);
            GvmImage wrongBase = new GvmImage(new CopyOnWriteMemory(new SnapshotMemory(gvmFile)),
                    gvmVcpu.register("cr3"), false, svmPerCpuBase);
            SlowBridgeOptions options = new SlowBridgeOptions("getpid", SyscallTable.defaults(),
                    ProfileLayout.serviceRoutine(profile), ProfileLayout.troubleSites(profile),
                    SlowRunRequest.DEFAULT_BUDGET, wrongBase, profile.banner());
            SlowBridge bridge = new SlowBridge(machine, ProfileLayout.of(profile), options);

            EngineError error = assertThrows(EngineError.class, () -> bridge.run(ProgressListener.NONE));

            String message = error.getMessage();
            assertTrue(message.matches("(?s).*in (clock_gettime|getpid) at \\w+\\+0x\\p{XDigit}+: #PF at .*"), message);
            assertTrue(message.contains("through a pointer read from the GVM (taint source current_task+0x0)"),
                    message);
        }
    }

    @Test
    void aGvmCpuTheGuestDoesNotHaveIsRefusedNamingTheOnesItHas(@TempDir Path directory) {
        SlowRunRequest request = new SlowRunRequest(svm, gvm, List.of("getpid"), true, SlowRunRequest.DEFAULT_BUDGET,
                null, null, directory.resolve("m.json"), 4);

        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> SlowRun.run(request, profile, ProgressListener.NONE));
        assertEquals("the GVM has CPUs 0 to 3, not 4", error.getMessage());
    }

    @Test
    void anIdleGvmCpuAnswersItsIdleTask(@TempDir Path directory) {
        SlowRunRequest request = new SlowRunRequest(svm, gvm, List.of("getpid"), true, SlowRunRequest.DEFAULT_BUDGET,
                null, null, directory.resolve("m.json"), 1);

        SlowRunOutcome outcome = SlowRun.run(request, profile, ProgressListener.NONE);

        assertEquals("0\n", outcome.result().outputText(), "CPU 1 runs its swapper (pid 0): hb-freeze is on CPU 3");
        assertEquals(1, outcome.gvmCpu().number());
        assertEquals("chosen", outcome.gvmCpu().chosenBy());
    }
}
