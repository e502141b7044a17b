package org.hybridbridge.core.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

import org.hybridbridge.progress.ProgressListener;
import org.hybridbridge.qemu.InvalidSnapshotException;
import org.hybridbridge.qemu.KernelProfile;
import org.hybridbridge.qemu.SnapshotFile;
import org.hybridbridge.qemu.SnapshotManifest;
import org.hybridbridge.qemu.SnapshotManifest.Marker;
import org.hybridbridge.taint.RunResult;
import org.hybridbridge.taint.metadata.AccessClass;
import org.hybridbridge.taint.metadata.InstructionRecord;
import org.hybridbridge.taint.syscall.SyscallDecision;
import org.hybridbridge.taint.syscall.SyscallTable;
import org.hybridbridge.x86.exec.AccessType;
import org.hybridbridge.x86.exec.CpuException;
import org.hybridbridge.x86.exec.Machine;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Slow-Bridge on the real kernel, from real snapshots (DESIGN.md 3.3). The oracles are the
 * guests themselves: the SVM snapshot's marker records the pid of the process it stopped (the
 * agent's child that is about to exec {@code getpid}), the GVM snapshot's the pid of the process
 * frozen as current ({@code hb-freeze}); {@code getpid} must answer the first without
 * redirection and the second with it.
 *
 * <p>The {@code getpid} system call is run from the run-start state directly: the child's next
 * instructions are replaced (in the SVM's copy-on-write overlay) by {@code syscall(getpid);
 * exit_group(result)}, so the kernel's getpid runs without the execve before it.
 */
class SlowRunTest {

    /** syscall; mov %eax,%edi; mov $231,%eax (exit_group); syscall. */
    private static final byte[] GETPID_THEN_EXIT = { 0x0f, 0x05, (byte) 0x89, (byte) 0xc7, (byte) 0xb8, (byte) 0xe7,
            0, 0, 0, 0x0f, 0x05 };
    private static final int RAX = 0;
    private static final long GETPID = 39;

    private static KernelProfile profile;
    private static Path svm;
    private static Path gvm;

    @BeforeAll
    static void snapshotsAndProfile() {
        profile = RunFixtures.profile();
        svm = RunFixtures.svm();
        gvm = RunFixtures.gvm();
    }

    @Test
    void getpidWithoutRedirectionAnswersTheSvmsOwnPid() throws IOException {
        RunResult result = getpidFromRunStart(false);

        assertEquals(marker(svm), result.exitStatus());
        assertEquals(SyscallDecision.INTROSPECT, result.syscalls().get(0).decision());
        assertEquals(0, result.gvmPagesCopied());
    }

    @Test
    void redirectedGetpidAnswersTheGvmsFrozenProcessAndLeavesBothSnapshotsAsTheyWere() throws IOException {
        RunResult result = getpidFromRunStart(true);

        int gvmPid = marker(gvm);
        assertTrue(gvmPid != marker(svm), "the guests' pids must differ for this test to mean anything");
        assertEquals(gvmPid, result.exitStatus());
        assertEquals(OptionalLong.of(gvmPid), result.syscalls().get(0).result());
        assertTrue(result.gvmPagesCopied() > 0, "rcu_read_lock wrote the GVM task: into the overlay");
        for (Path file : List.of(svm, gvm)) {
            try (SnapshotFile snapshot = SnapshotFile.open(file)) {
                assertEquals(snapshot.manifest().memorySha256(), snapshot.computeMemorySha256(), file.toString());
            }
        }
    }

    @Test
    void getpidsMetadataHasThePerCpuCurrentTaskChainRedirectableAndTheStackNot() throws IOException {
        RunResult result = getpidFromRunStart(true);
        List<InstructionRecord> records = List.copyOf(result.metadata().records());
        List<String> currentTask = List.of("current_task+0x0");

        InstructionRecord perCpuLoad = only(records, r -> r.symbol().startsWith("__do_sys_getpid+")
                && r.text().contains("%gs:"));
        assertEquals(AccessClass.R, perCpuLoad.accessClass());
        assertEquals(currentTask, perCpuLoad.taintSources());
        // upid->nr, the pid itself, read through current->thread_pid->numbers[level]
        // its address unites the pid (from current) and the namespace's level, which indexes numbers[]:
        // the frozen process is in the initial namespace, a kernel global (struct pid_namespace's
        // level is at 0x40 in 6.1: idr 0x18, rcu 0x10, pid_allocated, child_reaper, pid_cachep)
        List<String> pidAndLevel = List.of("current_task+0x0", "init_pid_ns+0x40");
        InstructionRecord pidLoad = only(records, r -> r.symbol().startsWith("__task_pid_nr_ns+")
                && r.text().matches("mov\\s+0x60\\(%rax\\),%ebp"));
        assertEquals(AccessClass.R, pidLoad.accessClass());
        assertEquals(pidAndLevel, pidLoad.taintSources());
        List<InstructionRecord> stack = records.stream()
                .filter(r -> r.text().matches("(push|pop|call|ret)\\b.*")).toList();
        assertFalse(stack.isEmpty());
        stack.forEach(r -> assertEquals(AccessClass.NR, r.accessClass(), r.symbol() + " " + r.text()));
        records.stream().filter(r -> r.accessClass() == AccessClass.R)
                .forEach(r -> assertTrue(r.taintSources().equals(currentTask) || r.taintSources().equals(pidAndLevel),
                        r.symbol() + " " + r.text() + " " + r.taintSources()));
        records.forEach(r -> assertEquals(Set.of("getpid"), r.syscalls()));
    }

    @Test
    void getpidRunFromItsRunStartSnapshotPrintsTheGvmsPidOrTheSvmsOwn(@TempDir Path directory) throws IOException {
        for (boolean redirect : new boolean[] { true, false }) {
            Path trace = directory.resolve("trace-" + (redirect ? "redirected" : "alone") + ".txt");
            SlowRunRequest request = new SlowRunRequest(svm,
                    redirect ? gvm : null, List.of("getpid"), redirect,
                    SlowRunRequest.DEFAULT_BUDGET, trace, null,
                    directory.resolve("metadata.hbmeta"), null);

            SlowRunOutcome outcome = SlowRun.run(request, profile, ProgressListener.NONE);

            int pid = marker(redirect ? gvm : svm);
            assertEquals(pid + "\n", outcome.result().outputText());
            assertEquals(0, outcome.result().exitStatus());
            assertTrue(outcome.result().syscalls().stream().anyMatch(s -> s.syscall().name().equals("getpid")
                    && s.decision() == SyscallDecision.INTROSPECT && s.result().equals(OptionalLong.of(pid))));
            assertTrue(Files.readString(trace).contains("current_task+0x0"));
        }
    }

    @Test
    void aSnapshotTakenForOneUtilityIsRefusedForAnotherBeforeAnythingRuns(@TempDir Path directory) {
        Path getpidOnly = SnapshotCopies.copy(svm, directory.resolve("svm-getpid.hbsnap"), Map.of(),
                m -> new SnapshotManifest(m.formatVersion(), m.source(), m.guest(), m.kernelBanner(), m.memory(),
                        m.memorySha256(), m.vcpu(), m.vcpus(), new Marker(Marker.EXEC, m.marker().pid(), "getpid"),
                        m.groundTruth(), m.takenAt()));
        SlowRunRequest uname = new SlowRunRequest(getpidOnly,
                gvm, List.of("uname", "-a"), true, SlowRunRequest.DEFAULT_BUDGET.withInstructions(1_000), null, null,
                directory.resolve("metadata.hbmeta"), null);

        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> SlowRun.run(uname, profile, ProgressListener.NONE));
        assertTrue(refused.getMessage().contains("is the run-start state of 'getpid', not of 'uname -a'"),
                refused.getMessage());
        assertFalse(Files.exists(directory.resolve("metadata.hbmeta")));
    }

    @Test
    void theParkedSnapshotRunsWhateverCommandLineItIsGivenAndSaysWhenTheSvmLacksIt(@TempDir Path directory) {
        assertEquals(Marker.PARK, manifest(svm).marker().kind());
        RunResult echo = alone(List.of("echo", "one", "snapshot,", "every", "utility"), directory);
        assertEquals("one snapshot, every utility\n", echo.outputText());
        assertEquals(0, echo.exitStatus());

        RunResult missing = alone(List.of("no-such-tool", "-x"), directory);
        assertEquals("hb-agent: no-such-tool: No such file or directory\n", missing.outputText());
        assertEquals(127, missing.exitStatus());
    }

    private RunResult alone(List<String> command, Path directory) {
        return SlowRun.run(new SlowRunRequest(svm, null, command, false, SlowRunRequest.DEFAULT_BUDGET, null, null,
                directory.resolve("metadata.hbmeta"), null), profile, ProgressListener.NONE).result();
    }

    private static SnapshotManifest manifest(Path snapshot) {
        try (SnapshotFile file = SnapshotFile.open(snapshot)) {
            return file.manifest();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void anSvmSnapshotIsRefusedAsTheGvmBeforeAnythingRuns(@TempDir Path directory) {
        assertEquals(svm + " is an SVM run-start snapshot (of every command line), not a GVM snapshot to introspect",
                refusedGetpid(svm, svm, directory).getMessage());
    }

    @Test
    void aGvmSnapshotIsRefusedAsTheSvm(@TempDir Path directory) {
        assertEquals(gvm + " is not an SVM run-start snapshot (its guest is gvm, its marker freeze)",
                refusedGetpid(gvm, gvm, directory).getMessage());
    }

    /** @return why a redirected getpid from these snapshots is refused; it learned nothing */
    private InvalidSnapshotException refusedGetpid(Path svmSnapshot, Path gvmSnapshot, Path directory) {
        SlowRunRequest request = new SlowRunRequest(svmSnapshot, gvmSnapshot, List.of("getpid"), true,
                SlowRunRequest.DEFAULT_BUDGET.withInstructions(1_000), null,
                null, directory.resolve("metadata.hbmeta"), null);
        InvalidSnapshotException refused = assertThrows(InvalidSnapshotException.class,
                () -> SlowRun.run(request, profile, ProgressListener.NONE));
        assertFalse(Files.exists(directory.resolve("metadata.hbmeta")));
        return refused;
    }

    private RunResult getpidFromRunStart(boolean redirect) throws IOException {
        SlowRunRequest request = new SlowRunRequest(svm,
                redirect ? gvm : null, List.of("getpid"), redirect,
                SlowRunRequest.DEFAULT_BUDGET.withInstructions(1_000_000), null,
                null, null, null);
        try (SnapshotFile svm = SnapshotFile.open(request.svm());
                SnapshotFile gvm = redirect ? SnapshotFile.open(request.gvm()) : null) {
            SlowRun.Session session = SlowRun.open(request, profile, SyscallTable.defaults(), svm, gvm,
                    UnaryOperator.identity());
            Machine machine = session.machine();
            long marker = machine.cpu().rip();
            long code = faultIn(machine, marker);
            machine.physicalMemory().write(code, GETPID_THEN_EXIT, 0, GETPID_THEN_EXIT.length);
            machine.cpu().setGpr(RAX, GETPID);
            return session.bridge().run(ProgressListener.NONE);
        }
    }

    /**
     * The child has not touched the marker's page since fork: runs the engine until the kernel
     * has mapped it and returned to it. @return its physical address
     */
    private static long faultIn(Machine machine, long marker) {
        for (int step = 0; step < 100_000; step++) {
            if (machine.cpu().cpl() == 3 && machine.cpu().rip() == marker) {
                try {
                    return machine.mmu().translate(marker, AccessType.EXECUTE);
                } catch (CpuException notYet) {
                    // the first fetch faults; the kernel maps the page
                }
            }
            machine.step();
        }
        throw new AssertionError("the kernel did not map the marker page");
    }

    private static int marker(Path snapshot) throws IOException {
        try (SnapshotFile file = SnapshotFile.open(snapshot)) {
            return file.manifest().marker().pid();
        }
    }

    private static InstructionRecord only(List<InstructionRecord> records, Predicate<InstructionRecord> which) {
        List<InstructionRecord> matching = records.stream().filter(which).toList();
        assertEquals(1, matching.size(), () -> "records: " + matching);
        return matching.get(0);
    }
}
