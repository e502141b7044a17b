package org.hybridbridge.x86.exec;

import static org.hybridbridge.x86.exec.LongModeFixture.GDT;
import static org.hybridbridge.x86.exec.LongModeFixture.KERNEL_CODE;
import static org.hybridbridge.x86.exec.LongModeFixture.KERNEL_DS;
import static org.hybridbridge.x86.exec.LongModeFixture.KERNEL_STACK_TOP;
import static org.hybridbridge.x86.exec.LongModeFixture.USER_CODE;
import static org.hybridbridge.x86.exec.LongModeFixture.USER_CS;
import static org.hybridbridge.x86.exec.LongModeFixture.USER_DATA;
import static org.hybridbridge.x86.exec.LongModeFixture.USER_DS;
import static org.hybridbridge.x86.exec.LongModeFixture.USER_STACK_TOP;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * MOV to and from segment registers and PUSH/POP of FS and GS, on Linux's GDT (the CPU oracle
 * cannot check segment loads: under PVM its snippets run with the host's selectors). Loads
 * check the descriptor as the SDM's MOV and POP pseudocode says; a refused selector raises #GP
 * (a POP leaving RSP unchanged), a descriptor that is not present #NP, or #SS for SS.
 */
class SegmentRegisterTest {

    private static final int RAX = 0, RBX = 3, RSP = 4, SS = 2, DS = 3, FS = 4, GS = 5;
    private static final long GP_HANDLER = KERNEL_CODE + 0x300, NP_HANDLER = KERNEL_CODE + 0x400,
            SS_HANDLER = KERNEL_CODE + 0x500;

    /**
     * A descriptor load keeps bits 8..23 of the descriptor's high dword, the flat segments' limit
     * bits 19:16 among them, as QEMU does; the attributes {@code sysret} sets have none.
     */
    private static final int FLAT_LIMIT_19_16 = 0x000F_0000;

    private final LongModeFixture f = new LongModeFixture();

    @Test
    void popGsLoadsTheUserDataSegmentAndSetsItsAccessedBit() {
        long descriptor = GDT + (USER_DS & ~7);
        f.memory.write(descriptor, 8, f.read64(descriptor) & ~(1L << 40));
        f.code(USER_CODE, "6a2b 0fa9 0fa8 6a00 0fa1"); // push $0x2b; pop %gs; push %gs; push $0; pop %fs
        f.enterUser(USER_CODE, USER_STACK_TOP);
        f.cpu.setSegment(FS, 0x2B, 0x7000, SystemCallSemantics.USER_DATA);

        step(5);
        assertEquals(USER_DS, f.cpu.selector(GS));
        assertEquals(SystemCallSemantics.USER_DATA | FLAT_LIMIT_19_16, f.cpu.segmentFlags(GS));
        assertEquals(1L << 40, f.read64(descriptor) & 1L << 40, "accessed bit set");
        assertEquals(USER_DS, f.read64(USER_STACK_TOP - 8), "push %gs pushes the selector, zero-extended");
        assertEquals(0, f.cpu.selector(FS));
        assertEquals(0, f.cpu.segmentBase(FS), "a null selector clears the base, as on Intel");
        assertEquals(USER_STACK_TOP - 8, f.cpu.gpr(RSP));
    }

    @Test
    void popOfAKernelSelectorAtCpl3IsRefused() {
        f.gate(CpuException.GP, GP_HANDLER, 0xE, 0, 0, true);
        f.code(USER_CODE, "6a18 0fa1"); // push $KERNEL_DS; pop %fs
        f.enterUser(USER_CODE, USER_STACK_TOP);

        step(2);
        assertEquals(GP_HANDLER, f.cpu.rip());
        assertEquals(KERNEL_DS, f.read64(KERNEL_STACK_TOP - 48), "error code: the selector");
        assertEquals(USER_CODE + 2, f.read64(KERNEL_STACK_TOP - 40), "RIP of the pop");
        assertEquals(USER_CS, f.read64(KERNEL_STACK_TOP - 32), "the interrupted CS");
        assertEquals(USER_STACK_TOP - 8, f.read64(KERNEL_STACK_TOP - 16), "RSP as before the pop");
    }

    private void step(int count) {
        for (int i = 0; i < count; i++) {
            f.machine.step();
        }
    }

    @Test
    void movReadsSelectorsZeroExtendedAndStoresSixteenBits() {
        f.code(USER_CODE, "8cd8 8c1b"); // mov %ds,%eax; mov %ds,(%rbx)
        f.enterUser(USER_CODE, USER_STACK_TOP);
        f.cpu.setSegment(DS, USER_DS, 0, SystemCallSemantics.USER_DATA);
        f.cpu.setGpr(RAX, -1);
        f.cpu.setGpr(RBX, USER_DATA);
        f.memory.write(USER_DATA, 8, -1);
        f.machine.step();
        f.machine.step();
        assertEquals(USER_DS, f.cpu.gpr(RAX), "the 32-bit destination is zero-extended");
        assertEquals(0xFFFF_FFFF_FFFF_0000L | USER_DS, f.read64(USER_DATA), "the store is 16 bits");
    }

    @Test
    void movToDsAndSsChecksTheDescriptorAgainstTheCpl() {
        f.gate(CpuException.GP, GP_HANDLER, 0xE, 0, 0, true);
        f.code(KERNEL_CODE, "8ed0 8ed8"); // mov %eax,%ss; mov %eax,%ds
        f.enterKernel(KERNEL_CODE, KERNEL_STACK_TOP);
        f.cpu.setGpr(RAX, KERNEL_DS);
        f.machine.step();
        f.machine.step();
        assertEquals(KERNEL_DS, f.cpu.selector(SS));
        assertEquals(KERNEL_DS, f.cpu.selector(DS));
        assertEquals(SystemCallSemantics.KERNEL_DATA | FLAT_LIMIT_19_16, f.cpu.segmentFlags(DS));

        f.code(USER_CODE, "8ed0"); // mov %eax,%ss at CPL3 with a null selector
        f.enterUser(USER_CODE, USER_STACK_TOP);
        f.cpu.setGpr(RAX, 3);
        f.machine.step();
        assertEquals(GP_HANDLER, f.cpu.rip(), "a null SS at CPL3 is #GP");
        assertEquals(0, f.read64(KERNEL_STACK_TOP - 48));
    }

    @Test
    void notPresentSegmentsRaiseNpOrSsForTheStack() {
        f.gate(CpuException.NP, NP_HANDLER, 0xE, 0, 0, true);
        f.gate(CpuException.SS, SS_HANDLER, 0xE, 0, 0, true);
        long descriptor = GDT + (USER_DS & ~7);
        f.memory.write(descriptor, 8, f.read64(descriptor) & ~(1L << 47));
        f.code(USER_CODE, "8ee0"); // mov %eax,%fs
        f.enterUser(USER_CODE, USER_STACK_TOP);
        f.cpu.setGpr(RAX, USER_DS);
        f.machine.step();
        assertEquals(NP_HANDLER, f.cpu.rip());
        assertEquals(USER_DS & ~3, f.read64(KERNEL_STACK_TOP - 48));

        f.code(USER_CODE, "8ed0"); // mov %eax,%ss
        f.enterUser(USER_CODE, USER_STACK_TOP);
        f.machine.step();
        assertEquals(SS_HANDLER, f.cpu.rip());
    }
}
