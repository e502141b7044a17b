package org.hybridbridge.taint;

import org.hybridbridge.progress.CancelledException;
import org.hybridbridge.progress.ProgressListener;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;

import org.hybridbridge.taint.shadow.KernelLayout;
import org.hybridbridge.taint.syscall.SyscallDecision;
import org.hybridbridge.taint.syscall.SyscallTable;
import org.hybridbridge.x86.exec.EngineError;
import org.hybridbridge.x86.exec.Machine;
import org.junit.jupiter.api.Test;

/**
 * The run loop on small user programs that never enter the kernel: output capture, exit, the
 * syscall table's errors, the budget, cancellation. (Runs through the kernel are in the core
 * bundle's tests, on real snapshots.)
 */
class SlowBridgeTest {

    private static final KernelLayout NO_KERNEL = new KernelLayout(List.of(), 16 * 1024, address -> null);

    private static SlowBridge bridge(Machine machine, long budget) {
        return bridge(machine, RunBudget.DEFAULT.withInstructions(budget));
    }

    private static SlowBridge bridge(Machine machine, RunBudget budget) {
        return new SlowBridge(machine, NO_KERNEL,
                new SlowBridgeOptions("test", SyscallTable.defaults(), 0, KernelTroubleSites.NONE, budget, null,
                        "Linux version test\n"));
    }

    @Test
    void writesToStdoutAndStderrAreCapturedInOrderAndExitGroupEndsTheRun() {
        // write(1, "hi\n", 3); write(2, "ok", 2); exit_group(7)
        Machine machine = UserProgram.load("b801000000bf01000000488d352b000000ba030000000f05b801000000bf02000000"
                + "488d3516000000ba020000000f05b8e7000000bf070000000f0568690a6f6b");

        RunResult result = bridge(machine, 100).run(ProgressListener.NONE);

        assertEquals("hi\nok", result.outputText());
        assertEquals(7, result.exitStatus());
        assertEquals(13, result.userInstructions());
        assertEquals(0, result.kernelInstructions());
        assertEquals(List.of(SyscallDecision.CAPTURE_OUTPUT, SyscallDecision.CAPTURE_OUTPUT, SyscallDecision.EXIT),
                result.syscalls().stream().map(SyscallRecord::decision).toList());
        assertEquals(OptionalLong.of(3), result.syscalls().get(0).result());
        assertEquals(UserProgram.CODE + 0x30, machine.cpu().gpr(1), "RCX: after the last write, as syscall leaves it");
    }

    @Test
    void eachSyscallIsRecordedWithItsArgumentsResultAndKernelInstructions() {
        // getpid with arguments 0x11 .. 0x66 in RDI RSI RDX R10 R8 R9; write(1, "hi\n", 3); exit_group(7)
        Machine machine = UserProgram.load("b827000000bf11000000be22000000ba3300000041ba4400000041b85500000041b966"
                + "0000000f05b801000000bf01000000488d3513000000ba030000000f05b8e7000000bf070000000f0568690a",
                "b892100000480f07"); // the kernel: mov $4242,%eax; sysretq

        List<SyscallRecord> syscalls = bridge(machine, 100).run(ProgressListener.NONE).syscalls();

        assertEquals(List.of(39, 1, 231), syscalls.stream().map(s -> s.syscall().number()).toList());
        assertEquals(List.of("getpid", "write", "exit_group"), syscalls.stream().map(s -> s.syscall().name()).toList());
        assertEquals(List.of("introspected", "output", "exit"),
                syscalls.stream().map(s -> s.decision().word()).toList());
        assertArrayEquals(new long[] { 0x11, 0x22, 0x33, 0x44, 0x55, 0x66 }, syscalls.get(0).arguments());
        assertEquals(OptionalLong.of(4242), syscalls.get(0).result(), "RAX back in user mode");
        assertEquals(2, syscalls.get(0).kernelInstructions(), "mov and sysretq");
        assertEquals(1, syscalls.get(1).arguments()[0]);
        assertEquals(3, syscalls.get(1).arguments()[2]);
        assertEquals(OptionalLong.of(3), syscalls.get(1).result(), "the bytes written");
        assertEquals(0, syscalls.get(1).kernelInstructions(), "a captured write does not enter the kernel");
        assertEquals(7, syscalls.get(2).arguments()[0]);
        assertEquals(OptionalLong.empty(), syscalls.get(2).result(), "exit_group does not return");
    }

    @Test
    void aWriteFromAnUnreadableBufferFailsWithEfaultAsTheKernelWould() {
        // write(1, 0x300000 (not mapped), 3); exit_group(result)
        Machine machine = UserProgram.load("b801000000bf0100000048c7c600003000ba030000000f0589c7b8e70000000f05");

        RunResult result = bridge(machine, 100).run(ProgressListener.NONE);

        assertEquals("", result.outputText());
        assertEquals(-14 & 0xFF, result.exitStatus());
    }

    @Test
    void aSyscallTheTableDoesNotListStopsTheRunNamingIt() {
        Machine machine = UserProgram.load("b8e70300000f05ebfe"); // syscall 999; jmp .

        EngineError error = assertThrows(EngineError.class, () -> bridge(machine, 100).run(ProgressListener.NONE));
        assertTrue(error.getMessage().contains("syscall 999 is neither introspected nor local"), error.getMessage());
        assertTrue(error.getMessage().startsWith("after 2 instructions (2 user, 0 kernel), in user mode"),
                error.getMessage());
    }

    @Test
    void theBudgetStopsARunThatDoesNotEnd() {
        Machine machine = UserProgram.load("ebfe"); // jmp .

        EngineError error = assertThrows(EngineError.class, () -> bridge(machine, 1000).run(ProgressListener.NONE));
        assertTrue(error.getMessage().contains("the instruction budget of 1,000 ran out"), error.getMessage());
    }

    @Test
    void theWallTimeBudgetStopsALoopNamingWhereItWent() {
        Machine machine = UserProgram.load("ebfe"); // jmp .
        RunBudget budget = new RunBudget(Long.MAX_VALUE, Duration.ofMillis(300), RunBudget.DEFAULT_STATE_BYTES);

        EngineError error = assertThrows(EngineError.class, () -> bridge(machine, budget).run(ProgressListener.NONE));
        assertTrue(error.getMessage().contains("the wall-time budget of 0.3 s ran out; the last instructions went "
                + "round user mode 100%"), error.getMessage());
    }

    @Test
    void theStateBudgetStopsARunWhoseOutputGrowsWithoutEnd() {
        // loop: write(1, loop, 16); jmp loop
        Machine machine = UserProgram.load("b801000000bf01000000488d35f2ffffffba100000000f05ebe6");
        RunBudget budget = RunBudget.DEFAULT.withStateBytes(64 << 10);

        EngineError error = assertThrows(EngineError.class, () -> bridge(machine, budget).run(ProgressListener.NONE));
        assertTrue(error.getMessage().contains("the state budget of 64 KiB ran out"), error.getMessage());
        assertTrue(error.getMessage().contains("bytes of output)"), error.getMessage());
    }

    @Test
    void theRunStopsAtTheFirstCheckAfterCancellation() {
        Machine machine = UserProgram.load("ebfe");
        long[] checks = new long[1];

        assertThrows(CancelledException.class, () -> bridge(machine, Long.MAX_VALUE).run(
                ProgressListener.silent(() -> ++checks[0] == 2)));
        assertEquals(2, checks[0], "asked once per PROGRESS_INTERVAL instructions, stopped when it said so");
    }
}
