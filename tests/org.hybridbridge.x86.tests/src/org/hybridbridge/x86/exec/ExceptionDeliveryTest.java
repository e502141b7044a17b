package org.hybridbridge.x86.exec;

import static org.hybridbridge.x86.exec.LongModeFixture.*;
import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

/** Exceptions delivered through the 64-bit IDT (SDM Vol. 3 6.14). */
class ExceptionDeliveryTest {

    private static final int INTERRUPT_GATE = 0xE, TRAP_GATE = 0xF;
    private static final long PF_HANDLER = KERNEL_CODE + 0x100, DF_HANDLER = KERNEL_CODE + 0x200,
            GP_HANDLER = KERNEL_CODE + 0x300, NP_HANDLER = KERNEL_CODE + 0x400, SYSCALL_HANDLER = KERNEL_CODE + 0x500;
    /** {@code movdqu (%rax),%xmm0}: an instruction of this branch that reads memory. */
    private static final String LOAD_RAX = "f30f6f00";
    private static final long UNMAPPED = 0x50_0000;

    private final LongModeFixture f = new LongModeFixture();

    private void userLoadsFromUnmappedMemory() {
        f.code(USER_CODE, LOAD_RAX);
        f.enterUser(USER_CODE, USER_STACK_TOP - 8);
        f.cpu.setGpr(0, UNMAPPED);
    }

    @Test
    void pageFaultAtCpl3LandsOnRsp0WithTheExactFrame() {
        f.gate(CpuException.PF, PF_HANDLER, INTERRUPT_GATE, 0, 0, true);
        userLoadsFromUnmappedMemory();
        f.cpu.setRflags(CpuState.IF | CpuState.TF | CpuState.CF);
        long userFlags = f.cpu.rflags();

        assertNotNull(f.machine.step());

        long frame = KERNEL_STACK_TOP - 6 * 8;
        assertEquals(PF_HANDLER, f.cpu.rip());
        assertEquals(frame, f.cpu.gpr(4));
        assertEquals(CpuException.PF_USER, f.read64(frame), "error code: user read, not present");
        assertEquals(USER_CODE, f.read64(frame + 8), "the faulting instruction, to restart it");
        assertEquals(USER_CS, f.read64(frame + 16));
        assertEquals(userFlags, f.read64(frame + 24));
        assertEquals(USER_STACK_TOP - 8, f.read64(frame + 32));
        assertEquals(USER_DS, f.read64(frame + 40));
        assertEquals(UNMAPPED, f.cpu.cr(2));
        assertEquals(KERNEL_CS, f.cpu.selector(1));
        assertEquals(0x00AF_9B00, f.cpu.segmentFlags(1));
        assertEquals(0, f.cpu.selector(2), "SS is the null selector of CPL 0");
        assertEquals(0, f.cpu.cpl());
        assertFalse(f.cpu.flag(CpuState.IF), "an interrupt gate clears IF");
        assertFalse(f.cpu.flag(CpuState.TF));
        assertTrue(f.cpu.flag(CpuState.CF));
        assertEquals(0, f.machine.instructionsRetired(), "a fault retires nothing");
    }

    @Test
    void trapGateKeepsIfAndIstSwitchesStacksEvenWithoutPrivilegeChange() {
        f.gate(CpuException.PF, PF_HANDLER, TRAP_GATE, 0, 1, true);
        f.code(KERNEL_CODE, LOAD_RAX);
        f.enterKernel(KERNEL_CODE, KERNEL_STACK_TOP - 0x100);
        f.cpu.setRflags(CpuState.IF);
        f.cpu.setGpr(0, UNMAPPED);

        f.machine.step();

        long frame = IST1_TOP - 6 * 8;
        assertEquals(frame, f.cpu.gpr(4));
        assertEquals(0, f.read64(frame), "error code: supervisor read, not present");
        assertEquals(KERNEL_CODE, f.read64(frame + 8));
        assertEquals(KERNEL_CS, f.read64(frame + 16));
        assertEquals(KERNEL_STACK_TOP - 0x100, f.read64(frame + 32));
        assertEquals(KERNEL_DS, f.read64(frame + 40));
        assertTrue(f.cpu.flag(CpuState.IF), "a trap gate leaves IF");
    }

    @Test
    void sameLevelDeliveryAlignsTheCurrentStack() {
        f.gate(CpuException.UD, PF_HANDLER, INTERRUPT_GATE, 0, 0, true);
        f.code(KERNEL_CODE, "0f0b"); // ud2
        f.enterKernel(KERNEL_CODE, KERNEL_STACK_TOP - 0x108);

        f.machine.step();

        long frame = KERNEL_STACK_TOP - 0x110 - 5 * 8;
        assertEquals(frame, f.cpu.gpr(4), "RSP aligned down to 16, then five quadwords: #UD has no error code");
        assertEquals(KERNEL_CODE, f.read64(frame));
        assertEquals(KERNEL_STACK_TOP - 0x108, f.read64(frame + 24));
    }

    @Test
    void missingPageFaultGateEscalatesToDoubleFault() {
        f.gate(CpuException.PF, PF_HANDLER, INTERRUPT_GATE, 0, 0, false);
        f.gate(CpuException.DF, DF_HANDLER, INTERRUPT_GATE, 0, 1, true);
        userLoadsFromUnmappedMemory();

        f.machine.step();

        long frame = IST1_TOP - 6 * 8;
        assertEquals(DF_HANDLER, f.cpu.rip());
        assertEquals(frame, f.cpu.gpr(4));
        assertEquals(0, f.read64(frame), "#DF pushes error code 0");
        assertEquals(USER_CODE, f.read64(frame + 8));
        assertEquals(USER_CS, f.read64(frame + 16));
        assertEquals(UNMAPPED, f.cpu.cr(2), "CR2 was loaded when the #PF was detected");
    }

    @Test
    void missingGateForABenignExceptionRaisesNotPresentInstead() {
        f.gate(CpuException.BP, PF_HANDLER, INTERRUPT_GATE, 3, 0, false);
        f.gate(CpuException.NP, NP_HANDLER, INTERRUPT_GATE, 0, 0, true);
        f.code(USER_CODE, "cc"); // int3, its gate not present
        f.enterUser(USER_CODE, USER_STACK_TOP);

        f.machine.step();

        assertEquals(NP_HANDLER, f.cpu.rip());
        long frame = KERNEL_STACK_TOP - 6 * 8;
        assertEquals(CpuException.BP * 8 + 2, f.read64(frame), "IDT bit set, EXT clear: int3 is software");
        assertEquals(USER_CODE, f.read64(frame + 8), "#NP is a fault at the int3");
    }

    @Test
    void trapFlagRaisesDebugAfterTheInstruction() {
        long debugHandler = KERNEL_CODE + 0x600;
        f.gate(CpuException.DB, debugHandler, INTERRUPT_GATE, 0, 0, true);
        f.code(USER_CODE, "0faee8"); // lfence
        f.enterUser(USER_CODE, USER_STACK_TOP);
        f.cpu.setRflags(CpuState.IF | CpuState.TF);

        f.machine.step();

        assertEquals(debugHandler, f.cpu.rip());
        long frame = KERNEL_STACK_TOP - 5 * 8;
        assertEquals(USER_CODE + 3, f.read64(frame), "a trap: the frame holds the next instruction");
        assertEquals(CpuState.IF | CpuState.TF | CpuState.RFLAGS_FIXED, f.read64(frame + 16));
        assertFalse(f.cpu.flag(CpuState.TF), "the handler does not single-step itself");
        assertEquals(1L << 14, f.cpu.dr(6) & 1L << 14, "DR6.BS");
        assertEquals(1, f.machine.instructionsRetired());
    }

    @Test
    void faultDuringDoubleFaultIsATripleFault() {
        userLoadsFromUnmappedMemory();
        EngineError error = assertThrows(EngineError.class, f.machine::step);
        assertTrue(error.getMessage().startsWith("triple fault"), error.getMessage());
    }

    @Test
    void softwareInterruptChecksTheGateDpl() {
        f.gate(0x80, SYSCALL_HANDLER, TRAP_GATE, 0, 0, true);
        f.gate(CpuException.GP, GP_HANDLER, INTERRUPT_GATE, 0, 0, true);
        f.code(USER_CODE, "cd80");
        f.enterUser(USER_CODE, USER_STACK_TOP);

        f.machine.step();

        assertEquals(GP_HANDLER, f.cpu.rip());
        long frame = KERNEL_STACK_TOP - 6 * 8;
        assertEquals(0x80 * 8 + 2, f.read64(frame), "#GP names the gate");
        assertEquals(USER_CODE, f.read64(frame + 8), "#GP is a fault at the int instruction");
    }

    @Test
    void fetchFromAnUnmappedSecondPageFaultsOnlyIfTheInstructionReachesIt() {
        f.gate(CpuException.PF, PF_HANDLER, INTERRUPT_GATE, 0, 0, true);
        long lastBytes = USER_DATA + 0x1000 - 6; // the next page is not mapped
        f.code(lastBytes, "0faee8" + LOAD_RAX.substring(0, 6)); // lfence, then movdqu cut by the page end
        f.enterUser(lastBytes, USER_STACK_TOP);

        assertEquals(org.hybridbridge.x86.Mnemonic.LFENCE, f.machine.step().mnemonic());
        assertNull(f.machine.step(), "the fetch faulted");

        assertEquals(PF_HANDLER, f.cpu.rip());
        long frame = KERNEL_STACK_TOP - 6 * 8;
        assertEquals(CpuException.PF_USER | CpuException.PF_FETCH, f.read64(frame));
        assertEquals(lastBytes + 3, f.read64(frame + 8));
        assertEquals(USER_DATA + 0x1000, f.cpu.cr(2));
    }

    @Test
    void instructionWithoutSemanticsStopsWithAddressBytesSymbolAndMode() {
        f.code(USER_CODE + 0x10, "660f3a63c100"); // pcmpistri: SSE4.2, which nothing implements
        f.enterUser(USER_CODE + 0x10, USER_STACK_TOP);
        f.machine.setSymbolizer(address -> address == USER_CODE + 0x10 ? "strlen+0x10" : null);
        EngineError error = assertThrows(EngineError.class, f.machine::step);
        assertEquals("no semantics for PCMPISTRI (pcmpistri $0x0,%xmm1,%xmm0) at 0x200010 <strlen+0x10>"
                + " [66 0f 3a 63 c1 00] in user mode", error.getMessage());
    }

    @Test
    void undecodableBytesStopTheRun() {
        f.code(KERNEL_CODE, "c5f96fc1"); // vmovdqa: VEX
        f.enterKernel(KERNEL_CODE, KERNEL_STACK_TOP);
        EngineError error = assertThrows(EngineError.class, f.machine::step);
        assertEquals("cannot decode (VEX-encoded instructions are not supported) at 0x100000 [c5 f9 6f c1 00 00 00"
                + " 00 00 00 00 00 00 00 00] in kernel mode", error.getMessage());
    }
}
