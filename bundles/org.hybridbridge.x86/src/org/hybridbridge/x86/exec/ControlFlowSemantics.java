package org.hybridbridge.x86.exec;

import java.util.List;

import org.hybridbridge.x86.ImmediateOperand;
import org.hybridbridge.x86.Instruction;
import org.hybridbridge.x86.Mnemonic;
import org.hybridbridge.x86.Operand;
import org.hybridbridge.x86.Register;
import org.hybridbridge.x86.RegisterKind;
import org.hybridbridge.x86.RegisterOperand;

/**
 * Near branches (JMP, Jcc, CALL, RET, LOOP, LOOPE, LOOPNE, JRCXZ) and the stack (PUSH, POP,
 * ENTER, LEAVE). A branch to a non-canonical address raises #GP at the branch, before anything
 * is pushed or popped. Instructions that move RSP leave it as it was when they fault.
 */
public final class ControlFlowSemantics {

    private static final int RCX = 1, RSP = 4, RBP = 5;
    private static final long CR4_LA57 = 1L << 12;

    private ControlFlowSemantics() {
    }

    /** Registers the branch and stack instructions in {@code set}. */
    public static void register(InstructionSet set) {
        set.define(LockPrefix.forbidden((instruction, execution) -> jump(execution, target(instruction, execution))),
                Mnemonic.JMP);
        for (Condition condition : Condition.values()) {
            set.define(LockPrefix.forbidden((instruction, execution) -> {
                if (condition.holds(execution.cpu().rflags())) {
                    jump(execution, target(instruction, execution));
                }
            }), condition.mnemonic("J"));
        }
        set.define(LockPrefix.forbidden(ControlFlowSemantics::call), Mnemonic.CALL);
        set.define(LockPrefix.forbidden(ControlFlowSemantics::ret), Mnemonic.RET);
        for (LoopCondition condition : LoopCondition.values()) {
            set.define(LockPrefix.forbidden((instruction, execution) -> loop(instruction, execution, condition)),
                    condition.mnemonic);
        }
        set.define(LockPrefix.forbidden(ControlFlowSemantics::jrcxz), Mnemonic.JRCXZ);
        set.define(LockPrefix.forbidden(ControlFlowSemantics::push), Mnemonic.PUSH);
        set.define(LockPrefix.forbidden(ControlFlowSemantics::pop), Mnemonic.POP);
        set.define(LockPrefix.forbidden(ControlFlowSemantics::enter), Mnemonic.ENTER);
        set.define(LockPrefix.forbidden(ControlFlowSemantics::leave), Mnemonic.LEAVE);
    }

    private static long target(Instruction instruction, Execution execution) throws CpuException {
        return execution.read(instruction, instruction.operands().get(0));
    }

    /** Sets RIP, raising #GP(0) first if {@code target} is not canonical. */
    private static void jump(Execution execution, long target) throws CpuException {
        checkCanonical(execution.cpu(), target);
        execution.cpu().setRip(target);
    }

    private static void checkCanonical(CpuState cpu, long address) throws CpuException {
        int bits = (cpu.cr(4) & CR4_LA57) != 0 ? 57 : 48;
        if (Execution.signExtend(address, bits) != address) {
            throw CpuException.generalProtection(0, String.format("branch to non-canonical %#x", address));
        }
    }

    private static void call(Instruction instruction, Execution execution) throws CpuException {
        long target = target(instruction, execution);
        checkCanonical(execution.cpu(), target);
        execution.push(execution.cpu().rip(), 8);
        execution.cpu().setRip(target);
    }

    /** RET, and RET imm16, which releases that many bytes of arguments after the return address. */
    private static void ret(Instruction instruction, Execution execution) throws CpuException {
        CpuState cpu = execution.cpu();
        long rsp = cpu.gpr(RSP);
        long target = execution.memory(MemoryRole.STACK).read(rsp, 8);
        checkCanonical(cpu, target);
        List<Operand> operands = instruction.operands();
        long release = operands.isEmpty() ? 0 : execution.read(instruction, operands.get(0));
        cpu.setGpr(RSP, rsp + 8 + release);
        cpu.setRip(target);
    }

    /** What LOOP, LOOPE and LOOPNE require of ZF, besides a counter that is not 0. */
    private enum LoopCondition {
        ANY(Mnemonic.LOOP), ZERO(Mnemonic.LOOPE), NOT_ZERO(Mnemonic.LOOPNE);

        final Mnemonic mnemonic;

        LoopCondition(Mnemonic mnemonic) {
            this.mnemonic = mnemonic;
        }

        boolean holds(boolean zeroFlag) {
            return this == ANY || zeroFlag == (this == ZERO);
        }
    }

    /**
     * LOOP, LOOPE, LOOPNE: decrement rCX (ECX under a 67 prefix) without touching flags, then
     * branch while it is not 0 and ZF is as {@code condition} requires.
     */
    private static void loop(Instruction instruction, Execution execution, LoopCondition condition)
            throws CpuException {
        Register counter = Register.gpr(RCX, instruction.addressSize(), false);
        long count = Execution.mask(execution.readRegister(counter) - 1, instruction.addressSize());
        execution.writeRegister(counter, count);
        if (count != 0 && condition.holds(execution.cpu().flag(CpuState.ZF))) {
            jump(execution, target(instruction, execution));
        }
    }

    /** JRCXZ (JECXZ under a 67 prefix): branch if the counter is 0. */
    private static void jrcxz(Instruction instruction, Execution execution) throws CpuException {
        if (execution.readRegister(Register.gpr(RCX, instruction.addressSize(), false)) == 0) {
            jump(execution, target(instruction, execution));
        }
    }

    /** PUSH of a register, memory, an immediate or FS/GS: 8 bytes, or 2 with a 66 prefix. */
    private static void push(Instruction instruction, Execution execution) throws CpuException {
        Operand source = instruction.operands().get(0);
        int size = instruction.operandSize() / 8;
        long value;
        if (source instanceof RegisterOperand r && r.register().kind() == RegisterKind.SEGMENT) {
            // a segment selector is pushed zero-extended to the operand size
            value = execution.cpu().selector(r.register().number());
        } else if (source instanceof ImmediateOperand immediate) {
            value = immediate.value();
        } else {
            value = execution.read(instruction, source);
        }
        execution.push(value, size);
    }

    /**
     * POP to a register, memory or FS/GS. A memory destination is addressed with RSP already
     * incremented, as the SDM says; if writing it faults, RSP is restored.
     */
    private static void pop(Instruction instruction, Execution execution) throws CpuException {
        Operand destination = instruction.operands().get(0);
        CpuState cpu = execution.cpu();
        long rsp = cpu.gpr(RSP);
        long value = execution.pop(instruction.operandSize() / 8);
        try {
            if (destination instanceof RegisterOperand r && r.register().kind() == RegisterKind.SEGMENT) {
                SegmentLoads.load(execution, r.register().number(), (int) value & 0xFFFF);
            } else {
                execution.write(instruction, destination, value);
            }
        } catch (CpuException e) {
            cpu.setGpr(RSP, rsp);
            throw e;
        }
    }

    /**
     * ENTER size, level: pushes rBP, copies {@code level - 1} frame pointers of the enclosing
     * frames, pushes the new frame pointer, and reserves {@code size} bytes. On a fault RSP and
     * RBP are restored (memory below the old RSP may have been written).
     */
    private static void enter(Instruction instruction, Execution execution) throws CpuException {
        List<Operand> operands = instruction.operands();
        long allocation = ((ImmediateOperand) operands.get(0)).unsignedValue();
        int level = (int) ((ImmediateOperand) operands.get(1)).unsignedValue() & 31;
        int bits = instruction.operandSize();
        int size = bits / 8;
        CpuState cpu = execution.cpu();
        long rsp = cpu.gpr(RSP);
        long rbp = cpu.gpr(RBP);
        try {
            execution.push(rbp, size);
            long frame = cpu.gpr(RSP);
            long enclosing = rbp;
            LinearMemory stack = execution.memory(MemoryRole.STACK);
            for (int i = 1; i < level; i++) {
                enclosing -= size;
                execution.push(stack.read(enclosing, size), size);
            }
            if (level > 0) {
                execution.push(frame, size);
            }
            // in 64-bit mode all of RBP receives the frame, whatever the operand size
            cpu.setGpr(RBP, frame);
            cpu.setGpr(RSP, cpu.gpr(RSP) - allocation);
        } catch (CpuException e) {
            cpu.setGpr(RSP, rsp);
            cpu.setGpr(RBP, rbp);
            throw e;
        }
    }

    /** LEAVE: RSP = RBP, then pop rBP (BP with a 66 prefix); RSP is restored if the pop faults. */
    private static void leave(Instruction instruction, Execution execution) throws CpuException {
        CpuState cpu = execution.cpu();
        long rsp = cpu.gpr(RSP);
        int bits = instruction.operandSize();
        cpu.setGpr(RSP, cpu.gpr(RBP));
        try {
            execution.writeRegister(Register.gpr(RBP, bits, false), execution.pop(bits / 8));
        } catch (CpuException e) {
            cpu.setGpr(RSP, rsp);
            throw e;
        }
    }
}
