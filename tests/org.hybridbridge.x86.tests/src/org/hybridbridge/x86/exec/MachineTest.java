package org.hybridbridge.x86.exec;

import static org.hybridbridge.x86.exec.LongModeFixture.*;
import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;

import org.hybridbridge.x86.Instruction;
import org.hybridbridge.x86.Mnemonic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The fetch-decode-execute loop: the decode cache, the observer, instruction counting. */
class MachineTest {

    private static final long UD_HANDLER = KERNEL_CODE + 0x700, PF_HANDLER = KERNEL_CODE + 0x800;
    /** Physical memory no page of the fixture uses. */
    private static final long SPARE_PAGE = 0x300000, SPARE_TABLES = 0x400000;

    private LongModeFixture f = new LongModeFixture();

    @ParameterizedTest(name = "memory counting writes: {0}")
    @ValueSource(booleans = { false, true })
    void rewrittenCodeIsDecodedAgain(boolean countsWrites) {
        f = new LongModeFixture(new QemuCpuModel(0), countsWrites);
        f.gate(CpuException.UD, UD_HANDLER, 0xE, 0, 0, true);
        f.code(USER_CODE, "0faee8");
        f.enterUser(USER_CODE, USER_STACK_TOP);
        assertEquals(Mnemonic.LFENCE, f.machine.step().mnemonic());
        f.code(USER_CODE, "0f0b");
        f.enterUser(USER_CODE, USER_STACK_TOP);
        assertEquals(Mnemonic.UD2, f.machine.step().mnemonic());
        assertEquals(UD_HANDLER, f.cpu.rip());
    }

    @ParameterizedTest(name = "memory counting writes: {0}")
    @ValueSource(booleans = { false, true })
    void aRewrittenLastByteIsSeenInShortAndLongInstructions(boolean countsWrites) {
        f = new LongModeFixture(new QemuCpuModel(0), countsWrites);
        f.code(USER_CODE, "0faee8"); // lfence: 3 bytes, checked as a masked 4-byte word
        f.enterUser(USER_CODE, USER_STACK_TOP);
        assertEquals(Mnemonic.LFENCE, f.machine.step().mnemonic());
        f.code(USER_CODE, "0faef0");
        f.enterUser(USER_CODE, USER_STACK_TOP);
        assertEquals(Mnemonic.MFENCE, f.machine.step().mnemonic());

        f.code(USER_CODE, "48b80100000000000000"); // movabs $0x1,%rax: 10 bytes, checked as two words
        f.enterUser(USER_CODE, USER_STACK_TOP);
        f.machine.step();
        assertEquals(1, f.cpu.gpr(0));
        f.code(USER_CODE, "48b80100000000000080");
        f.enterUser(USER_CODE, USER_STACK_TOP);
        f.machine.step();
        assertEquals(0x8000_0000_0000_0001L, f.cpu.gpr(0));
    }

    @Test
    void samePhysicalCodeAtAnotherLinearAddressGetsItsOwnAddress() {
        long alias = 0x7000_0000L;
        f.tables.map4k(alias, USER_CODE, PageTables.P | PageTables.U);
        f.code(USER_CODE, "0faee8");
        f.enterUser(USER_CODE, USER_STACK_TOP);
        assertEquals(USER_CODE, f.machine.step().address());
        f.enterUser(alias, USER_STACK_TOP);
        Instruction aliased = f.machine.step();
        assertEquals(alias, aliased.address());
        assertEquals(alias + 3, f.cpu.rip());
    }

    @Test
    void aMachineTakesAnotherMachinesDecodeOnlyWhereItsMemoryHoldsTheSameBytes() {
        long code = USER_CODE + 0x135; // no other test decodes here
        LongModeFixture first = new LongModeFixture(), same = new LongModeFixture(), other = new LongModeFixture();
        first.code(code, "b801000000"); // mov $0x1,%eax
        same.code(code, "b801000000");
        other.code(code, "b802000000"); // mov $0x2,%eax
        for (LongModeFixture machine : List.of(first, same, other)) {
            machine.enterUser(code, USER_STACK_TOP);
        }
        Instruction decoded = first.machine.step();
        assertSame(decoded, same.machine.step(), "the first machine's decode, with its semantic");
        assertEquals(1, same.cpu.gpr(0));
        assertEquals(code + 5, same.cpu.rip());
        assertNotSame(decoded, other.machine.step());
        assertEquals(2, other.cpu.gpr(0));
    }

    /** mov $imm32,%eax from two bytes before the end of the user code page: its immediate runs on. */
    @Test
    void anInstructionRunningOnIntoTheNextPageIsTakenFromAnotherMachineOnlyWhereBothPagesHoldItsBytes() {
        long code = USER_CODE + 0xFFE;
        long nextPage = USER_CODE + 0x1000;
        LongModeFixture first = new LongModeFixture(), same = new LongModeFixture(), other = new LongModeFixture();
        for (LongModeFixture machine : List.of(first, same, other)) {
            machine.code(code, "b801");
            machine.code(nextPage, machine == other ? "020000" : "000000");
            machine.enterUser(code, USER_STACK_TOP);
        }
        Instruction decoded = first.machine.step();
        assertEquals(1, first.cpu.gpr(0));
        assertSame(decoded, same.machine.step());
        assertEquals(1, same.cpu.gpr(0));
        assertEquals(code + 5, same.cpu.rip());
        other.machine.step();
        assertEquals(0x201, other.cpu.gpr(0));

        first.code(nextPage, "030000");
        first.enterUser(code, USER_STACK_TOP);
        first.machine.step();
        assertEquals(0x301, first.cpu.gpr(0), "the second page rewritten");
    }

    @Test
    void aSemanticPlantedInOneMachinesOwnInstructionSetStaysInThatMachine() {
        LongModeFixture plain = new LongModeFixture(), planted = new LongModeFixture(), later = new LongModeFixture();
        for (LongModeFixture machine : List.of(plain, planted, later)) {
            machine.code(USER_CODE, "0faee8"); // lfence
            machine.enterUser(USER_CODE, USER_STACK_TOP);
        }
        plain.machine.step();
        planted.machine.ownInstructionSet().defineSpecialCase(Mnemonic.LFENCE, instruction -> true,
                (instruction, execution) -> execution.cpu().setGpr(0, 42));
        planted.machine.step();
        later.machine.step();
        assertEquals(0, plain.cpu.gpr(0));
        assertEquals(42, planted.cpu.gpr(0), "its own semantic, not the shared decode's");
        assertEquals(0, later.cpu.gpr(0), "the shared set is unchanged");
    }

    @Test
    void aCodePageRemappedAndInvalidatedIsFetchedFromItsNewPage() {
        f.code(USER_CODE, "90"); // nop
        f.code(SPARE_PAGE, "0faee8"); // lfence
        f.enterUser(USER_CODE, USER_STACK_TOP);
        assertEquals(Mnemonic.NOP, f.machine.step().mnemonic());
        f.tables.map4k(USER_CODE, SPARE_PAGE, PageTables.P | PageTables.U);
        f.machine.mmu().invalidate(USER_CODE);
        f.enterUser(USER_CODE, USER_STACK_TOP);
        assertEquals(Mnemonic.LFENCE, f.machine.step().mnemonic());
    }

    /** Fast-Bridge switches views by writing CR3 into the CPU state, not through an instruction. */
    @Test
    void aCr3WrittenBehindTheMachinesBackChangesWhereCodeIsFetchedFrom() {
        f.code(USER_CODE, "90");
        f.code(SPARE_PAGE, "0faee8");
        f.enterUser(USER_CODE, USER_STACK_TOP);
        assertEquals(Mnemonic.NOP, f.machine.step().mnemonic());
        PageTables view = new PageTables(f.memory, false, SPARE_TABLES);
        view.map4k(USER_CODE, SPARE_PAGE, PageTables.P | PageTables.U);
        f.cpu.setCr(3, view.root());
        f.enterUser(USER_CODE, USER_STACK_TOP);
        assertEquals(Mnemonic.LFENCE, f.machine.step().mnemonic());
    }

    @Test
    void aSupervisorPageFetchedFromInKernelModeFaultsWhenFetchedFromInUserMode() {
        f.gate(CpuException.PF, PF_HANDLER, 0xE, 0, 0, true);
        f.code(KERNEL_CODE, "90 90");
        f.enterKernel(KERNEL_CODE, KERNEL_STACK_TOP);
        f.machine.step();
        f.enterUser(KERNEL_CODE + 1, USER_STACK_TOP);
        assertNull(f.machine.step(), "the fetch faulted");
        assertEquals(PF_HANDLER, f.cpu.rip());
        assertEquals(KERNEL_CODE + 1, f.cpu.cr(2));
    }

    @Test
    void observerSeesEveryInstructionAndMayTakeOneOver() {
        f.gate(CpuException.UD, UD_HANDLER, 0xE, 0, 0, true);
        f.code(USER_CODE, "0faee8 0f0b 0f0b");
        f.enterUser(USER_CODE, USER_STACK_TOP);
        List<String> events = new ArrayList<>();
        f.machine.setObserver(new ExecutionObserver() {
            @Override
            public boolean beforeExecute(Instruction instruction, Machine machine) {
                events.add("before " + instruction.mnemonic() + " at " + Long.toHexString(machine.cpu().rip()));
                if (instruction.address() == USER_CODE + 3) {
                    machine.cpu().setRip(instruction.nextAddress()); // the observer emulates this ud2 as a nop
                    return false;
                }
                return true;
            }

            @Override
            public void afterExecute(Instruction instruction, Machine machine) {
                events.add("after " + instruction.mnemonic());
            }

            @Override
            public void exceptionRaised(Instruction instruction, CpuException exception, Machine machine) {
                events.add("exception " + exception.vector() + " at " + Long.toHexString(machine.cpu().rip()));
            }
        });
        for (int i = 0; i < 3; i++) {
            f.machine.step();
        }
        assertEquals(List.of("before LFENCE at 200000", "after LFENCE", "before UD2 at 200003",
                "before UD2 at 200005", "exception 6 at 200005"), events);
        assertEquals(2, f.machine.instructionsRetired(), "lfence and the ud2 the observer handled");
        assertEquals(UD_HANDLER, f.cpu.rip());
    }
}
