package org.hybridbridge.x86.exec;

import static org.hybridbridge.x86.exec.CpuState.ZF;

import java.util.List;

import org.hybridbridge.x86.Instruction;
import org.hybridbridge.x86.MemoryOperand;
import org.hybridbridge.x86.Mnemonic;
import org.hybridbridge.x86.Operand;
import org.hybridbridge.x86.Register;
import org.hybridbridge.x86.RegisterKind;
import org.hybridbridge.x86.RegisterOperand;

/**
 * Moves and exchanges: MOV (segment registers included, see {@link SegmentLoads}; moves to and
 * from control and debug registers are {@link SystemSemantics}' special cases), MOVZX, MOVSX,
 * MOVSXD, MOVNTI, MOVBE, LEA, XCHG, XADD, CMPXCHG, CMPXCHG8B, CMPXCHG16B, BSWAP, the sign
 * extensions of rAX (CBW ... CQO), SETcc, CMOVcc and the NOP forms.
 */
final class DataMovementSemantics {

    private static final int RAX = 0, RCX = 1, RDX = 2, RBX = 3;

    private DataMovementSemantics() {
    }

    static void register(InstructionSet set, CpuModel model) {
        set.define(LockPrefix.forbidden(DataMovementSemantics::mov), Mnemonic.MOV);
        set.define(LockPrefix.forbidden(DataMovementSemantics::move), Mnemonic.MOVZX, Mnemonic.MOVNTI);
        set.define(LockPrefix.forbidden(DataMovementSemantics::moveSignExtended), Mnemonic.MOVSX, Mnemonic.MOVSXD);
        set.define(CpuFeature.MOVBE.requiredBy(model, LockPrefix.forbidden(DataMovementSemantics::movbe)),
                Mnemonic.MOVBE);
        set.define(LockPrefix.forbidden(DataMovementSemantics::lea), Mnemonic.LEA);
        // XCHG with memory locks implicitly; an explicit LOCK is allowed there too
        set.define(LockPrefix.permitted(DataMovementSemantics::xchg), Mnemonic.XCHG);
        set.define(LockPrefix.permitted(DataMovementSemantics::xadd), Mnemonic.XADD);
        set.define(LockPrefix.permitted(DataMovementSemantics::cmpxchg), Mnemonic.CMPXCHG);
        set.define(LockPrefix.permitted(DataMovementSemantics::cmpxchgDouble), Mnemonic.CMPXCHG8B);
        set.define(CpuFeature.CX16.requiredBy(model, LockPrefix.permitted(DataMovementSemantics::cmpxchgDouble)),
                Mnemonic.CMPXCHG16B);
        set.define(LockPrefix.forbidden(DataMovementSemantics::bswap), Mnemonic.BSWAP);
        set.define(LockPrefix.forbidden(DataMovementSemantics::signExtendAccumulator), Mnemonic.CBW, Mnemonic.CWDE,
                Mnemonic.CDQE);
        set.define(LockPrefix.forbidden(DataMovementSemantics::signIntoDx), Mnemonic.CWD, Mnemonic.CDQ, Mnemonic.CQO);
        for (Condition condition : Condition.values()) {
            set.define(LockPrefix.forbidden((instruction, execution) -> execution.write(instruction,
                    instruction.operands().get(0), condition.holds(execution.cpu().rflags()) ? 1 : 0)),
                    condition.mnemonic("SET"));
            set.define(LockPrefix.forbidden((instruction, execution) -> cmov(instruction, execution, condition)),
                    condition.mnemonic("CMOV"));
        }
        // the multi-byte NOP Ev never touches its memory operand
        set.define(LockPrefix.forbidden((instruction, execution) -> {
        }), Mnemonic.NOP, Mnemonic.PAUSE, Mnemonic.ENDBR64);
    }

    private static void mov(Instruction instruction, Execution execution) throws CpuException {
        Operand destination = instruction.operands().get(0);
        Operand source = instruction.operands().get(1);
        if (segmentOf(destination) >= 0) {
            int selector = (int) execution.read(instruction, source) & 0xFFFF;
            SegmentLoads.load(execution, segmentOf(destination), selector);
        } else if (segmentOf(source) >= 0) {
            // a register destination receives the selector zero-extended to the operand size
            execution.write(instruction, destination, execution.cpu().selector(segmentOf(source)));
        } else {
            execution.write(instruction, destination, execution.read(instruction, source));
        }
    }

    /** @return the number of the segment register {@code operand} names, or -1 */
    private static int segmentOf(Operand operand) {
        return operand instanceof RegisterOperand r && r.register().kind() == RegisterKind.SEGMENT
                ? r.register().number() : -1;
    }

    private static void move(Instruction instruction, Execution execution) throws CpuException {
        execution.write(instruction, instruction.operands().get(0),
                execution.read(instruction, instruction.operands().get(1)));
    }

    private static void moveSignExtended(Instruction instruction, Execution execution) throws CpuException {
        Operand source = instruction.operands().get(1);
        execution.write(instruction, instruction.operands().get(0),
                Execution.signExtend(execution.read(instruction, source), Execution.bits(instruction, source)));
    }

    /** MOVBE: a load or store that reverses the bytes of the 16-, 32- or 64-bit value. */
    private static void movbe(Instruction instruction, Execution execution) throws CpuException {
        Operand destination = instruction.operands().get(0);
        Operand source = instruction.operands().get(1);
        int bits = Execution.bits(instruction, destination);
        long value = execution.read(instruction, source);
        execution.write(instruction, destination, Long.reverseBytes(value) >>> (64 - bits));
    }

    private static void lea(Instruction instruction, Execution execution) throws CpuException {
        MemoryOperand address = (MemoryOperand) instruction.operands().get(1);
        execution.write(instruction, instruction.operands().get(0), execution.offset(instruction, address));
    }

    /** XCHG: a memory operand, if any, is written first so that a fault changes no register. */
    private static void xchg(Instruction instruction, Execution execution) throws CpuException {
        Operand first = instruction.operands().get(0);
        Operand second = instruction.operands().get(1);
        long a = execution.read(instruction, first);
        long b = execution.read(instruction, second);
        execution.write(instruction, first, b);
        execution.write(instruction, second, a);
    }

    /** XADD: source = destination, destination = sum (the sum wins when both are one register). */
    private static void xadd(Instruction instruction, Execution execution) throws CpuException {
        Operand destination = instruction.operands().get(0);
        Operand source = instruction.operands().get(1);
        int bits = Execution.bits(instruction, destination);
        long a = execution.read(instruction, destination);
        long b = execution.read(instruction, source);
        long sum = Flags.add(execution.cpu(), a, b, 0, bits);
        if (destination instanceof MemoryOperand) {
            execution.write(instruction, destination, sum);
            execution.write(instruction, source, a);
        } else {
            execution.write(instruction, source, a);
            execution.write(instruction, destination, sum);
        }
    }

    /**
     * CMPXCHG: compares the accumulator with the destination; equal: destination = source,
     * otherwise accumulator = destination. On a mismatch a memory destination gets its own value
     * back (the processor always writes it), while a register destination is left alone: a
     * 32-bit one is not zero-extended (measured on Intel).
     */
    private static void cmpxchg(Instruction instruction, Execution execution) throws CpuException {
        Operand destination = instruction.operands().get(0);
        int bits = Execution.bits(instruction, destination);
        Register accumulator = Register.gpr(RAX, bits, false);
        long current = execution.read(instruction, destination);
        long expected = execution.readRegister(accumulator);
        long source = execution.read(instruction, instruction.operands().get(1));
        Flags.subtract(execution.cpu(), expected, current, 0, bits);
        if (expected == current) {
            execution.write(instruction, destination, source);
        } else {
            if (destination instanceof MemoryOperand) {
                execution.write(instruction, destination, current);
            }
            execution.writeRegister(accumulator, current);
        }
    }

    /**
     * CMPXCHG8B/16B: compares rDX:rAX with the memory operand; equal: ZF and memory = rCX:rBX,
     * otherwise memory is rewritten with its value and rDX:rAX receives it. CMPXCHG16B needs a
     * 16-byte aligned operand (#GP otherwise).
     */
    private static void cmpxchgDouble(Instruction instruction, Execution execution) throws CpuException {
        MemoryOperand operand = (MemoryOperand) instruction.operands().get(0);
        int half = instruction.mnemonic() == Mnemonic.CMPXCHG16B ? 64 : 32;
        int halfBytes = half / 8;
        long address = execution.effectiveAddress(instruction, operand);
        if (half == 64 && (address & 15) != 0) {
            throw CpuException.generalProtection(0, String.format("cmpxchg16b operand %#x is not 16-byte aligned",
                    address));
        }
        LinearMemory memory = execution.memory(MemoryRole.OPERAND);
        long low = memory.read(address, halfBytes);
        long high = memory.read(address + halfBytes, halfBytes);
        CpuState cpu = execution.cpu();
        boolean equal = low == Execution.mask(cpu.gpr(RAX), half) && high == Execution.mask(cpu.gpr(RDX), half);
        if (equal) {
            memory.write(address, halfBytes, cpu.gpr(RBX));
            memory.write(address + halfBytes, halfBytes, cpu.gpr(RCX));
        } else {
            memory.write(address, halfBytes, low);
            memory.write(address + halfBytes, halfBytes, high);
            execution.writeRegister(Register.gpr(RAX, half, false), low);
            execution.writeRegister(Register.gpr(RDX, half, false), high);
        }
        Flags.update(cpu, ZF, Flags.when(equal, ZF));
    }

    /**
     * BSWAP: reverses the register's bytes. With a 16-bit operand the SDM leaves the result
     * undefined; Intel processors clear the low word, and so does this.
     */
    private static void bswap(Instruction instruction, Execution execution) throws CpuException {
        Operand operand = instruction.operands().get(0);
        int bits = Execution.bits(instruction, operand);
        long value = execution.read(instruction, operand);
        execution.write(instruction, operand, bits == 16 ? 0 : Long.reverseBytes(value) >>> (64 - bits));
    }

    /** CBW, CWDE, CDQE: the accumulator's low half sign-extended into all of it. */
    private static void signExtendAccumulator(Instruction instruction, Execution execution) {
        int bits = instruction.operandSize();
        Register accumulator = Register.gpr(RAX, bits, false);
        execution.writeRegister(accumulator, Execution.signExtend(execution.readRegister(accumulator), bits / 2));
    }

    /** CWD, CDQ, CQO: rDX = the sign of rAX, repeated. */
    private static void signIntoDx(Instruction instruction, Execution execution) {
        int bits = instruction.operandSize();
        long sign = Flags.msb(execution.readRegister(Register.gpr(RAX, bits, false)), bits) ? -1 : 0;
        execution.writeRegister(Register.gpr(RDX, bits, false), sign);
    }

    /**
     * CMOVcc: the source is read (and may fault) whatever the condition; a 32-bit destination
     * is written, so zero-extended, even when the condition is false.
     */
    private static void cmov(Instruction instruction, Execution execution, Condition condition) throws CpuException {
        List<Operand> operands = instruction.operands();
        Operand destination = operands.get(0);
        long value = execution.read(instruction, operands.get(1));
        if (condition.holds(execution.cpu().rflags())) {
            execution.write(instruction, destination, value);
        } else if (Execution.bits(instruction, destination) == 32) {
            execution.write(instruction, destination, execution.read(instruction, destination));
        }
    }
}
