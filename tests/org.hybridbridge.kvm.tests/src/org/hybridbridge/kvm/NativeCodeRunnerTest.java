package org.hybridbridge.kvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Snippets run natively at CPL3 and end at their appended {@code hlt} or at an exception. */
class NativeCodeRunnerTest {

    @Test
    void runsToTheEndWithTheGivenRegistersFlagsAndData() {
        KvmAssumptions.assumeKvm();
        byte[] code = {
                0x48, 0x03, 0x03,             // add rax, [rbx]
                0x48, (byte) 0x89, 0x43, 0x08, // mov [rbx+8], rax
                0x48, 0x11, (byte) 0xC9,       // adc rcx, rcx: doubles RCX and adds the carry in
        };
        byte[] data = { 40 };
        // RAX 2, RBX the data area, RCX 5, CF set
        Regs initial = new Regs(2, NativeCodeRunner.DATA, 5, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1);
        try (NativeCodeRunner runner = NativeCodeRunner.open()) {
            NativeCodeRunner.Outcome outcome = runner.run(code, initial, data);

            assertTrue(outcome.completed());
            assertEquals(NativeCodeRunner.CODE + code.length, outcome.regs().rip());
            assertEquals(42, outcome.regs().rax());
            assertEquals(10, outcome.regs().rcx(), "the carry in was clear after the add");
            assertEquals(42, outcome.data()[8]);
            assertEquals(NativeCodeRunner.DATA_SIZE, outcome.data().length);
            assertEquals(3, outcome.sregs().cs().selector() & 3, "ran at CPL3");
        }
    }

    @Test
    void stopsAtAFaultWithTheRegistersOfTheFaultingInstruction() {
        KvmAssumptions.assumeKvm();
        byte[] divideByZero = { 0x31, (byte) 0xC9, (byte) 0xF7, (byte) 0xF1 }; // xor ecx, ecx; div ecx
        byte[] unmappedLoad = { 0x48, (byte) 0x8B, 0x06 };                     // mov rax, [rsi]
        Regs unmapped = new Regs(0, 0, 0, 0, NativeCodeRunner.MAPPED_BYTES + 0x10, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                0, 2);
        try (NativeCodeRunner runner = NativeCodeRunner.open()) {
            NativeCodeRunner.Outcome divide = runner.run(divideByZero, Regs.ZERO.withRflags(2), new byte[0]);
            assertFalse(divide.completed());
            assertEquals(NativeCodeRunner.CODE + 2, divide.regs().rip());

            NativeCodeRunner.Outcome load = runner.run(unmappedLoad, unmapped, new byte[0]);
            assertFalse(load.completed());
            assertEquals(NativeCodeRunner.CODE, load.regs().rip());
            assertEquals(NativeCodeRunner.MAPPED_BYTES + 0x10, load.sregs().cr2());
        }
    }
}
