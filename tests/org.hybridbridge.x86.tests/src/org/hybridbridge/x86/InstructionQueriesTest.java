package org.hybridbridge.x86;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The queries the taint engine asks of a decoded instruction. */
class InstructionQueriesTest {

    private static Instruction decode(String hex) throws DecodeException {
        return Decoder.decode(HexFormat.of().parseHex(hex), 0, 0xffffffff81000000L);
    }

    @Test
    void perCpuLoadIsGsRelativeAndReadsMemory() throws DecodeException {
        Instruction load = decode("65488b0425c0fb0100"); // mov %gs:0x1fbc0,%rax
        assertTrue(load.hasMemoryOperand());
        assertTrue(load.isGsRelative());
        assertTrue(load.readsMemory());
        assertFalse(load.writesMemory());
        assertFalse(load.isStackRelative());
        assertEquals(List.of(), load.effectiveAddressRegisters());
        MemoryOperand memory = load.memoryOperand().orElseThrow();
        assertEquals(0x1fbc0, memory.displacement());
        assertEquals(64, memory.bits());
        assertEquals(new RegisterOperand(Register.RAX, Access.WRITE), load.operands().get(0));
    }

    @Test
    void storeThroughBaseAndIndexNamesBoth() throws DecodeException {
        Instruction store = decode("48891cc8"); // mov %rbx,(%rax,%rcx,8)
        assertTrue(store.writesMemory());
        assertFalse(store.readsMemory());
        assertEquals(List.of(Register.RAX, Register.RCX), store.effectiveAddressRegisters());
        assertEquals(8, store.memoryOperand().orElseThrow().scale());
    }

    @Test
    void frameAccessIsStackRelative() throws DecodeException {
        assertTrue(decode("488b45f0").isStackRelative()); // mov -0x10(%rbp),%rax
        assertTrue(decode("4c8b2c24").isStackRelative()); // mov (%rsp),%r13
        assertFalse(decode("498b0424").isStackRelative()); // mov (%r12),%rax
    }

    @Test
    void leaOnlyComputesAnAddress() throws DecodeException {
        Instruction lea = decode("488d45f0");
        assertTrue(lea.hasMemoryOperand());
        assertFalse(lea.readsMemory());
        assertFalse(lea.writesMemory());
        assertEquals(Access.ADDRESS, lea.memoryOperand().orElseThrow().access());
    }

    @Test
    void readModifyWriteAndExchangeAccessBothWays() throws DecodeException {
        Instruction add = decode("f0830001"); // lock addl $0x1,(%rax)
        assertTrue(add.readsMemory() && add.writesMemory());
        assertTrue(add.prefixes().lock());
        Instruction xadd = decode("f0480fc111");
        assertEquals(Access.READ_WRITE, xadd.operands().get(1).access());
    }

    @Test
    void ripRelativeOperandResolvesItsTarget() throws DecodeException {
        Instruction load = decode("488b0500100000");
        MemoryOperand memory = load.memoryOperand().orElseThrow();
        assertTrue(memory.isRipRelative());
        assertEquals(0xffffffff81000000L + 7 + 0x1000, memory.ripTarget());
        assertEquals(List.of(), load.effectiveAddressRegisters());
        assertEquals("mov    0x1000(%rip),%rax        # ffffffff81001007 <jiffies>",
                AttSyntax.format(load, address -> "jiffies"));
    }

    @Test
    void stringInstructionNamesItsSourceAndDestination() throws DecodeException {
        Instruction movs = decode("f348a5"); // rep movsq
        assertTrue(movs.prefixes().rep());
        assertEquals(Mnemonic.MOVS, movs.mnemonic());
        assertEquals(64, movs.operandSize());
        assertEquals(List.of(Register.RDI, Register.RSI), movs.effectiveAddressRegisters());
        assertTrue(movs.readsMemory() && movs.writesMemory());
    }

    @Test
    void mandatoryPrefixIsNotARepeat() throws DecodeException {
        Instruction movss = decode("f30f1000");
        assertEquals(Mnemonic.MOVSS, movss.mnemonic());
        assertFalse(movss.prefixes().rep());
        assertEquals(List.of(0xF3), movss.prefixes().legacyBytes());
        Instruction movdqa = decode("660f6f00");
        assertFalse(movdqa.prefixes().operandSizeOverride());
    }

    @Test
    void branchTargetIsAbsolute() throws DecodeException {
        Instruction call = decode("e8fb0f0000");
        assertEquals(new BranchOperand(0xffffffff81001000L), call.operands().get(0));
        assertEquals("call   0xffffffff81001000", call.toString());
        assertEquals("call   ffffffff81001000 <do_syscall_64>",
                AttSyntax.format(call, address -> address == 0xffffffff81001000L ? "do_syscall_64" : null));
        assertFalse(call.hasMemoryOperand());
    }

    @Test
    void highByteRegisterKnowsWhereItLives() throws DecodeException {
        RegisterOperand dh = (RegisterOperand) decode("0fb6c6").operands().get(1);
        assertEquals(Register.DH, dh.register());
        assertEquals(Register.RDX, dh.register().fullRegister());
        assertEquals(1, dh.register().byteOffset());
    }
}
