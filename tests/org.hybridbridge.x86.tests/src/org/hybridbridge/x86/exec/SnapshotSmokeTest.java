package org.hybridbridge.x86.exec;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.hybridbridge.x86.Instruction;
import org.hybridbridge.x86.Mnemonic;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * End to end on the real SVM: from hb-agent's marker (user mode, just before the child calls
 * execve("getpid")) through the kernel and the utility until it calls exit_group. The marker's
 * page is not yet mapped in the forked child, so the first step is a #PF that the kernel must
 * serve; the kernel's symbols are the oracle for where delivery and {@code syscall} land, and
 * the snapshot's marker (the child's pid) for what the utility prints.
 */
class SnapshotSmokeTest {

    private static final Path SNAPSHOT = Path.of("/work/snaps/svm-getpid.hbsnap");
    private static final long MARKER = 0x6862_0000L;
    private static final int STEP_BUDGET = 5_000_000;
    private static final int RAX = 0, RSI = 6, RDI = 7, RDX = 2;
    private static final long EXECVE = 59, WRITE = 1, EXIT_GROUP = 231;

    @Test
    void fromTheMarkerThroughGetpidToExitGroup() throws IOException, CpuException {
        Assumptions.assumeTrue(Files.isReadable(SNAPSHOT), SNAPSHOT + " does not exist (hb snapshot makes it)");
        KernelSymbols symbols = KernelSymbols.load();
        Assumptions.assumeTrue(!symbols.isEmpty(), "no kernel profile with kallsyms under " + KernelSymbols.PROFILES);
        SnapshotMachineState state = new SnapshotMachineState(SNAPSHOT);
        assertEquals(MARKER, state.cpu.rip());
        assertEquals(3, state.cpu.cpl());
        Machine machine = new Machine(state.cpu, state.memory, new QemuCpuModel(0));
        machine.setSymbolizer(symbols::symbolize);

        assertNull(machine.step(), "fetching the marker faults: its page is not mapped in the child yet");
        assertEquals("asm_exc_page_fault", symbols.symbolize(state.cpu.rip()));
        assertEquals(MARKER, state.cpu.cr(2));
        assertEquals(CpuException.PF_USER | CpuException.PF_FETCH, machine.mmu().supervisorView()
                .read(state.cpu.gpr(4), 8), "error code: user fetch, page not present");

        StringBuilder output = new StringBuilder();
        List<Long> systemCalls = new ArrayList<>();
        machine.setObserver(new ExecutionObserver() {
            @Override
            public boolean beforeExecute(Instruction instruction, Machine m) {
                if (instruction.mnemonic() == Mnemonic.SYSCALL) {
                    systemCalls.add(m.cpu().gpr(RAX));
                    if (m.cpu().gpr(RAX) == WRITE && m.cpu().gpr(RDI) == 1) {
                        output.append(userString(m, m.cpu().gpr(RSI), (int) m.cpu().gpr(RDX)));
                    }
                }
                return true;
            }
        });
        try {
            for (int step = 0; step < STEP_BUDGET; step++) {
                Instruction instruction = machine.step();
                if (instruction == null || instruction.mnemonic() != Mnemonic.SYSCALL) {
                    continue;
                }
                assertEquals("entry_SYSCALL_64", symbols.symbolize(state.cpu.rip()));
                if (systemCalls.size() == 1) {
                    assertEquals(EXECVE, systemCalls.get(0), "the child's first system call is execve");
                }
                if (systemCalls.get(systemCalls.size() - 1) == EXIT_GROUP) {
                    assertEquals(state.pid + "\n", output.toString(), "getpid prints the child's pid");
                    return;
                }
            }
            fail("no exit_group within " + STEP_BUDGET + " instructions; system calls " + systemCalls);
        } catch (EngineError error) {
            // until every family is registered, the run stops at the first mnemonic without semantics
            assertTrue(error.getMessage().matches("no semantics for [A-Z0-9]+ \\(.*\\) at 0x\\p{XDigit}+ <.+>"
                    + " \\[[0-9a-f ]+\\] in (user|kernel) mode"), error.getMessage());
            Assumptions.abort("stopped after " + machine.instructionsRetired() + " instructions: "
                    + error.getMessage());
        }
    }

    private static String userString(Machine machine, long address, int length) {
        byte[] bytes = new byte[length];
        try {
            machine.mmu().read(address, bytes);
        } catch (CpuException e) {
            throw new AssertionError("write(1) from unmapped user memory: " + e.getMessage(), e);
        }
        return new String(bytes, java.nio.charset.StandardCharsets.US_ASCII);
    }

}
