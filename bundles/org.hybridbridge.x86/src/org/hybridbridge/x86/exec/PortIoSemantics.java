package org.hybridbridge.x86.exec;

import static org.hybridbridge.x86.Mnemonic.*;

import org.hybridbridge.x86.Instruction;
import org.hybridbridge.x86.MemoryOperand;

/**
 * Port I/O on a machine with no devices: every port reads all ones and writes go nowhere, as on
 * a bus with nothing behind the port. The I/O privilege check is CPL <= IOPL; the TSS I/O
 * permission bitmap is not consulted (Linux gives ordinary processes none, so CPL 3 faults
 * either way).
 */
final class PortIoSemantics {

    private static final int RCX = 1, RSI = 6, RDI = 7;

    private PortIoSemantics() {
    }

    static void register(InstructionSet set) {
        set.define((i, x) -> {
            Privilege.requireIoPrivilege(x.cpu(), i);
            x.write(i, i.operands().get(0), -1L);
        }, IN);
        set.define((i, x) -> Privilege.requireIoPrivilege(x.cpu(), i), OUT);
        set.define(PortIoSemantics::ins, INS);
        set.define(PortIoSemantics::outs, OUTS);
    }

    /** {@code ins}: stores all-ones elements at (%rdi), repeated RCX times under REP. */
    private static void ins(Instruction instruction, Execution x) throws CpuException {
        Privilege.requireIoPrivilege(x.cpu(), instruction);
        MemoryOperand destination = (MemoryOperand) instruction.operands().get(0);
        int size = destination.bits() / 8;
        LinearMemory memory = x.memory(MemoryRole.STRING_DESTINATION);
        repeat(instruction, x, () -> {
            memory.write(x.effectiveAddress(instruction, destination), size, -1L);
            advance(instruction, x, RDI, size);
        });
    }

    /** {@code outs}: reads (%rsi) (it may fault) and drops it, repeated RCX times under REP. */
    private static void outs(Instruction instruction, Execution x) throws CpuException {
        Privilege.requireIoPrivilege(x.cpu(), instruction);
        MemoryOperand source = (MemoryOperand) instruction.operands().get(1);
        int size = source.bits() / 8;
        LinearMemory memory = x.memory(MemoryRole.STRING_SOURCE);
        repeat(instruction, x, () -> {
            memory.read(x.effectiveAddress(instruction, source), size);
            advance(instruction, x, RSI, size);
        });
    }

    @FunctionalInterface
    private interface Element {
        void transfer() throws CpuException;
    }

    /** Runs {@code element} once, or under REP until the count register is 0, counting it down as it goes. */
    private static void repeat(Instruction instruction, Execution x, Element element) throws CpuException {
        if (!instruction.prefixes().rep()) {
            element.transfer();
            return;
        }
        CpuState cpu = x.cpu();
        int addressBits = instruction.addressSize();
        while (Execution.mask(cpu.gpr(RCX), addressBits) != 0) {
            element.transfer();
            setAddressRegister(cpu, RCX, cpu.gpr(RCX) - 1, addressBits);
        }
    }

    private static void advance(Instruction instruction, Execution x, int register, int size) {
        CpuState cpu = x.cpu();
        long step = cpu.flag(CpuState.DF) ? -size : size;
        setAddressRegister(cpu, register, cpu.gpr(register) + step, instruction.addressSize());
    }

    /** Under a 67 prefix RCX, RSI and RDI are used as ECX, ESI, EDI: a 32-bit write zero-extends. */
    private static void setAddressRegister(CpuState cpu, int register, long value, int addressBits) {
        cpu.setGpr(register, Execution.mask(value, addressBits));
    }
}
