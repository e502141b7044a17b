package org.hybridbridge.x86.exec;

import static org.hybridbridge.x86.exec.CpuState.AF;
import static org.hybridbridge.x86.exec.CpuState.CF;
import static org.hybridbridge.x86.exec.CpuState.DF;
import static org.hybridbridge.x86.exec.CpuState.PF;
import static org.hybridbridge.x86.exec.CpuState.SF;
import static org.hybridbridge.x86.exec.CpuState.ZF;

import java.util.List;

import org.hybridbridge.x86.Instruction;
import org.hybridbridge.x86.Mnemonic;
import org.hybridbridge.x86.Operand;

/**
 * The ALU group (ADD, ADC, SUB, SBB, AND, OR, XOR, CMP, TEST), INC, DEC, NEG, NOT, and the
 * instructions that set flags directly (CLC, STC, CMC, CLD, STD, LAHF, SAHF).
 */
final class ArithmeticSemantics {

    /** A two-operand ALU operation: computes the result of {@code a op b} and sets the flags. */
    @FunctionalInterface
    private interface BinaryOperation {
        long apply(CpuState cpu, long a, long b, int bits);
    }

    /** What LAHF and SAHF move between AH and RFLAGS. */
    private static final long AH_FLAGS = SF | ZF | AF | PF | CF;

    private ArithmeticSemantics() {
    }

    static void register(InstructionSet set, CpuModel model) {
        modify(set, Mnemonic.ADD, (cpu, a, b, bits) -> Flags.add(cpu, a, b, 0, bits));
        modify(set, Mnemonic.ADC, (cpu, a, b, bits) -> Flags.add(cpu, a, b, carry(cpu), bits));
        modify(set, Mnemonic.SUB, (cpu, a, b, bits) -> Flags.subtract(cpu, a, b, 0, bits));
        modify(set, Mnemonic.SBB, (cpu, a, b, bits) -> Flags.subtract(cpu, a, b, carry(cpu), bits));
        modify(set, Mnemonic.AND, (cpu, a, b, bits) -> Flags.logic(cpu, a & b, bits));
        modify(set, Mnemonic.OR, (cpu, a, b, bits) -> Flags.logic(cpu, a | b, bits));
        modify(set, Mnemonic.XOR, (cpu, a, b, bits) -> Flags.logic(cpu, a ^ b, bits));
        compare(set, Mnemonic.CMP, (cpu, a, b, bits) -> Flags.subtract(cpu, a, b, 0, bits));
        compare(set, Mnemonic.TEST, (cpu, a, b, bits) -> Flags.logic(cpu, a & b, bits));
        set.define(LockPrefix.permitted((instruction, execution) -> increment(instruction, execution, true)),
                Mnemonic.INC);
        set.define(LockPrefix.permitted((instruction, execution) -> increment(instruction, execution, false)),
                Mnemonic.DEC);
        set.define(LockPrefix.permitted(ArithmeticSemantics::neg), Mnemonic.NEG);
        set.define(LockPrefix.permitted(ArithmeticSemantics::not), Mnemonic.NOT);
        registerFlagInstructions(set, model);
    }

    private static void registerFlagInstructions(InstructionSet set, CpuModel model) {
        set.define(flagOperation(CF, 0), Mnemonic.CLC);
        set.define(flagOperation(CF, CF), Mnemonic.STC);
        set.define(flagOperation(DF, 0), Mnemonic.CLD);
        set.define(flagOperation(DF, DF), Mnemonic.STD);
        set.define(LockPrefix.forbidden((instruction, execution) -> {
            CpuState cpu = execution.cpu();
            cpu.setFlag(CF, !cpu.flag(CF));
        }), Mnemonic.CMC);
        // AH = SF:ZF:0:AF:0:PF:1:CF, the low byte of RFLAGS with its fixed bit 1
        set.define(CpuFeature.LAHF_LM.requiredBy(model, LockPrefix.forbidden((instruction, execution) -> {
            CpuState cpu = execution.cpu();
            cpu.setGpr(0, (cpu.gpr(0) & ~0xFF00L) | ((cpu.rflags() & 0xFF) << 8));
        })), Mnemonic.LAHF);
        set.define(CpuFeature.LAHF_LM.requiredBy(model, LockPrefix.forbidden((instruction, execution) -> {
            CpuState cpu = execution.cpu();
            Flags.update(cpu, AH_FLAGS, cpu.gpr(0) >>> 8);
        })), Mnemonic.SAHF);
    }

    /** @return a semantic that sets {@code flag} to {@code value} */
    private static Semantic flagOperation(long flag, long value) {
        return LockPrefix.forbidden((instruction, execution) -> Flags.update(execution.cpu(), flag, value));
    }

    private static long carry(CpuState cpu) {
        return cpu.flag(CF) ? 1 : 0;
    }

    /** ADD ... XOR: {@code destination op= source}, lockable. */
    private static void modify(InstructionSet set, Mnemonic mnemonic, BinaryOperation operation) {
        set.define(LockPrefix.permitted(binary(operation, true)), mnemonic);
    }

    /** CMP and TEST: only the flags of {@code destination op source}. */
    private static void compare(InstructionSet set, Mnemonic mnemonic, BinaryOperation operation) {
        set.define(LockPrefix.forbidden(binary(operation, false)), mnemonic);
    }

    /** ALU {@code destination op= source}; {@code writes} is false for CMP and TEST. */
    private static Semantic binary(BinaryOperation operation, boolean writes) {
        return (instruction, execution) -> {
            List<Operand> operands = instruction.operands();
            Operand destination = operands.get(0);
            int bits = Execution.bits(instruction, destination);
            long a = execution.read(instruction, destination);
            long b = Execution.mask(execution.read(instruction, operands.get(1)), bits);
            long result = operation.apply(execution.cpu(), a, b, bits);
            if (writes) {
                execution.write(instruction, destination, result);
            }
        };
    }

    /** INC and DEC: an add that leaves CF alone. */
    private static void increment(Instruction instruction, Execution execution, boolean up) throws CpuException {
        Operand operand = instruction.operands().get(0);
        int bits = Execution.bits(instruction, operand);
        long value = execution.read(instruction, operand);
        CpuState cpu = execution.cpu();
        long carry = cpu.rflags() & CF;
        long result = up ? Flags.add(cpu, value, 1, 0, bits) : Flags.subtract(cpu, value, 1, 0, bits);
        Flags.update(cpu, CF, carry);
        execution.write(instruction, operand, result);
    }

    /** NEG: 0 - operand, so CF is set unless the operand is 0. */
    private static void neg(Instruction instruction, Execution execution) throws CpuException {
        Operand operand = instruction.operands().get(0);
        int bits = Execution.bits(instruction, operand);
        long value = execution.read(instruction, operand);
        execution.write(instruction, operand, Flags.subtract(execution.cpu(), 0, value, 0, bits));
    }

    /** NOT: no flags. */
    private static void not(Instruction instruction, Execution execution) throws CpuException {
        Operand operand = instruction.operands().get(0);
        execution.write(instruction, operand, ~execution.read(instruction, operand));
    }
}
