package org.hybridbridge.x86.exec;

import static org.hybridbridge.x86.exec.LongModeFixture.GDT;
import static org.hybridbridge.x86.exec.LongModeFixture.KERNEL_CODE;
import static org.hybridbridge.x86.exec.LongModeFixture.KERNEL_DS;
import static org.hybridbridge.x86.exec.LongModeFixture.KERNEL_STACK_TOP;
import static org.hybridbridge.x86.exec.LongModeFixture.USER_CODE;
import static org.hybridbridge.x86.exec.LongModeFixture.USER_CS;
import static org.hybridbridge.x86.exec.LongModeFixture.USER_DS;
import static org.hybridbridge.x86.exec.LongModeFixture.USER_STACK_TOP;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * PUSH and POP of FS and GS on Linux's GDT (the CPU oracle cannot check segment loads: under
 * PVM its snippets run with the host's selectors). POP loads the descriptor as the SDM's POP
 * pseudocode says; a refused selector raises #GP with RSP unchanged.
 */
class SegmentPushPopTest {

    private static final int RSP = 4, FS = 4, GS = 5;
    private static final long GP_HANDLER = KERNEL_CODE + 0x300;

    private final LongModeFixture f = new LongModeFixture();

    @Test
    void popGsLoadsTheUserDataSegmentAndSetsItsAccessedBit() {
        long descriptor = GDT + (USER_DS & ~7);
        f.memory.write(descriptor, 8, f.read64(descriptor) & ~(1L << 40));
        f.code(USER_CODE, "6a2b 0fa9 0fa8 6a00 0fa1"); // push $0x2b; pop %gs; push %gs; push $0; pop %fs
        f.enterUser(USER_CODE, USER_STACK_TOP);
        f.cpu.setSegment(FS, 0x2B, 0x7000, SystemSemantics.USER_DATA);

        step(5);
        assertEquals(USER_DS, f.cpu.selector(GS));
        assertEquals(SystemSemantics.USER_DATA, f.cpu.segmentFlags(GS));
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
}
