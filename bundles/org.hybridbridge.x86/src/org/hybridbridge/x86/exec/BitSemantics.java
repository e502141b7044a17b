package org.hybridbridge.x86.exec;

import static org.hybridbridge.x86.exec.CpuState.CF;
import static org.hybridbridge.x86.exec.CpuState.ZF;

import java.util.List;
import java.util.function.LongBinaryOperator;

import org.hybridbridge.x86.ImmediateOperand;
import org.hybridbridge.x86.Instruction;
import org.hybridbridge.x86.MemoryOperand;
import org.hybridbridge.x86.Mnemonic;
import org.hybridbridge.x86.Operand;

/**
 * Bit tests (BT, BTS, BTR, BTC), scans (BSF, BSR) and counts (TZCNT, LZCNT, POPCNT).
 *
 * <p>Where the SDM leaves flags undefined this does what Intel processors do (measured with the
 * CPU oracle): a bit test leaves OF, SF, AF and PF unchanged; BSF and BSR clear CF, OF, SF and
 * AF and set PF from the index found (from 0 when the source is 0, which leaves the destination
 * unchanged, all 64 bits); TZCNT and LZCNT clear OF, SF, AF and PF.
 *
 * <p>TZCNT, LZCNT and POPCNT follow the CPU model: without BMI1 (TZCNT) or ABM (LZCNT) the
 * processor ignores the F3 and runs F3 0F BC and F3 0F BD as BSF and BSR; without POPCNT,
 * F3 0F B8 raises #UD. The guests' model, QEMU's {@code qemu64}, has none of the three, so
 * there the kernel's {@code rep bsf} is a BSF (QEMU's TCG decides the same way).
 */
final class BitSemantics {

    private BitSemantics() {
    }

    static void register(InstructionSet set, CpuModel model) {
        set.define(LockPrefix.forbidden(bitTest((word, bit) -> word)), Mnemonic.BT);
        set.define(LockPrefix.permitted(bitTest((word, bit) -> word | bit)), Mnemonic.BTS);
        set.define(LockPrefix.permitted(bitTest((word, bit) -> word & ~bit)), Mnemonic.BTR);
        set.define(LockPrefix.permitted(bitTest((word, bit) -> word ^ bit)), Mnemonic.BTC);
        Semantic bsf = LockPrefix.forbidden((instruction, execution) -> scan(instruction, execution, true));
        Semantic bsr = LockPrefix.forbidden((instruction, execution) -> scan(instruction, execution, false));
        set.define(bsf, Mnemonic.BSF);
        set.define(bsr, Mnemonic.BSR);
        set.define(CpuFeature.BMI1.isReportedBy(model)
                ? LockPrefix.forbidden((instruction, execution) -> count(instruction, execution, true))
                : bsf, Mnemonic.TZCNT);
        set.define(CpuFeature.ABM.isReportedBy(model)
                ? LockPrefix.forbidden((instruction, execution) -> count(instruction, execution, false))
                : bsr, Mnemonic.LZCNT);
        set.define(CpuFeature.POPCNT.requiredBy(model, LockPrefix.forbidden(BitSemantics::popcnt)), Mnemonic.POPCNT);
    }

    /**
     * BT and friends: CF = the selected bit, then the word is rewritten by {@code update}
     * (given the word and the bit's mask). A register offset into memory is signed and may
     * address far beyond the operand: the word accessed is the one that holds that bit.
     */
    private static Semantic bitTest(LongBinaryOperator update) {
        return (instruction, execution) -> {
            List<Operand> operands = instruction.operands();
            Operand base = operands.get(0);
            Operand offsetOperand = operands.get(1);
            int bits = Execution.bits(instruction, base);
            long offset = execution.read(instruction, offsetOperand);
            boolean writes = instruction.mnemonic() != Mnemonic.BT;
            long mask = 1L << (offset & (bits - 1));
            long word;
            if (base instanceof MemoryOperand memory && !(offsetOperand instanceof ImmediateOperand)) {
                long address = bitAddress(instruction, execution, memory, Execution.signExtend(offset, bits), bits);
                LinearMemory data = execution.memory(MemoryRole.OPERAND);
                word = data.read(address, bits / 8);
                if (writes) {
                    data.write(address, bits / 8, update.applyAsLong(word, mask));
                }
            } else {
                word = execution.read(instruction, base);
                if (writes) {
                    execution.write(instruction, base, update.applyAsLong(word, mask));
                }
            }
            Flags.update(execution.cpu(), CF, Flags.when((word & mask) != 0, CF));
        };
    }

    /** @return the linear address of the operand-sized word that holds bit {@code bitOffset} of {@code memory} */
    private static long bitAddress(Instruction instruction, Execution execution, MemoryOperand memory, long bitOffset,
            int bits) {
        long offset = execution.offset(instruction, memory) + (bitOffset >> Integer.numberOfTrailingZeros(bits))
                * (bits / 8);
        if (instruction.addressSize() == 32) {
            offset &= 0xFFFF_FFFFL;
        }
        return offset + execution.segmentBase(memory.segment());
    }

    /** BSF/BSR: the index of the lowest/highest set bit; ZF and an unchanged destination for 0. */
    private static void scan(Instruction instruction, Execution execution, boolean forward) throws CpuException {
        Operand destination = instruction.operands().get(0);
        Operand source = instruction.operands().get(1);
        long value = execution.read(instruction, source);
        CpuState cpu = execution.cpu();
        if (value == 0) {
            Flags.update(cpu, CpuState.STATUS_FLAGS, ZF | Flags.parity(0));
            return;
        }
        long index = forward ? Long.numberOfTrailingZeros(value) : 63 - Long.numberOfLeadingZeros(value);
        execution.write(instruction, destination, index);
        Flags.update(cpu, CpuState.STATUS_FLAGS, Flags.parity(index));
    }

    /** TZCNT/LZCNT: the count of zero bits below/above the first set bit; the operand size for 0. */
    private static void count(Instruction instruction, Execution execution, boolean trailing) throws CpuException {
        Operand destination = instruction.operands().get(0);
        Operand source = instruction.operands().get(1);
        int bits = Execution.bits(instruction, source);
        long value = execution.read(instruction, source);
        long count = trailing ? Math.min(Long.numberOfTrailingZeros(value), bits)
                : Long.numberOfLeadingZeros(value) - (64 - bits);
        execution.write(instruction, destination, count);
        Flags.update(execution.cpu(), CpuState.STATUS_FLAGS, Flags.when(value == 0, CF) | Flags.when(count == 0, ZF));
    }

    /** POPCNT: the number of set bits; every status flag cleared but ZF, set for 0. */
    private static void popcnt(Instruction instruction, Execution execution) throws CpuException {
        long value = execution.read(instruction, instruction.operands().get(1));
        execution.write(instruction, instruction.operands().get(0), Long.bitCount(value));
        Flags.update(execution.cpu(), CpuState.STATUS_FLAGS, Flags.when(value == 0, ZF));
    }
}
