package org.hybridbridge.x86.exec;

import static org.hybridbridge.x86.exec.CpuState.CF;
import static org.hybridbridge.x86.exec.CpuState.OF;

import java.util.List;

import org.hybridbridge.x86.Instruction;
import org.hybridbridge.x86.Mnemonic;
import org.hybridbridge.x86.Operand;

/**
 * Shifts and rotates (SHL, SHR, SAR, ROL, ROR, RCL, RCR) and the double shifts SHLD, SHRD.
 *
 * <p>The count is masked to 5 bits (6 with 64-bit operands); a masked count of 0 changes no
 * flag, but the destination is still written (a 32-bit register is zero-extended). Where the SDM
 * leaves flags undefined this does what Intel processors do (measured with the CPU oracle):
 * shifts and double shifts clear AF and take OF from the first one-bit step whatever the count
 * (SHL: the top two bits of the operand differ; SHR: the operand's sign; SAR: 0; SHLD/SHRD: the
 * sign changes with the first bit shifted in); CF of SHL/SHR past the operand size is the last
 * bit shifted out, 0 beyond the operand; SHLD/SHRD of a 16-bit operand by 17..31 shift the
 * 48-bit destination:source:destination. Rotates by more than 1 leave OF undefined: Intel's
 * value follows no rule found; this computes the count-1 formula.
 */
final class ShiftSemantics {

    /** The result and the flags (CF, OF, and for shifts SF/ZF/PF) of one shift or rotate. */
    private record Shifted(long value, long flags, long affected) {
    }

    @FunctionalInterface
    private interface Shift {
        /** @param count the masked count, not 0 */
        Shifted apply(long value, int count, int bits, long rflags);
    }

    private static final long ROTATE_FLAGS = CF | OF;

    private ShiftSemantics() {
    }

    static void register(InstructionSet set) {
        set.define(shift(ShiftSemantics::shl), Mnemonic.SHL);
        set.define(shift(ShiftSemantics::shr), Mnemonic.SHR);
        set.define(shift(ShiftSemantics::sar), Mnemonic.SAR);
        set.define(shift(ShiftSemantics::rol), Mnemonic.ROL);
        set.define(shift(ShiftSemantics::ror), Mnemonic.ROR);
        set.define(shift(ShiftSemantics::rcl), Mnemonic.RCL);
        set.define(shift(ShiftSemantics::rcr), Mnemonic.RCR);
        set.define(LockPrefix.forbidden((instruction, execution) -> doubleShift(instruction, execution, true)),
                Mnemonic.SHLD);
        set.define(LockPrefix.forbidden((instruction, execution) -> doubleShift(instruction, execution, false)),
                Mnemonic.SHRD);
    }

    private static Semantic shift(Shift operation) {
        return LockPrefix.forbidden((instruction, execution) -> {
            List<Operand> operands = instruction.operands();
            Operand destination = operands.get(0);
            int bits = Execution.bits(instruction, destination);
            long value = execution.read(instruction, destination);
            int count = maskedCount(operands.size() == 1 ? 1 : execution.read(instruction, operands.get(1)), bits);
            CpuState cpu = execution.cpu();
            if (count == 0) {
                execution.write(instruction, destination, value);
                return;
            }
            Shifted shifted = operation.apply(value, count, bits, cpu.rflags());
            execution.write(instruction, destination, shifted.value());
            Flags.update(cpu, shifted.affected(), shifted.flags());
        });
    }

    private static int maskedCount(long count, int bits) {
        return (int) (count & (bits == 64 ? 0x3F : 0x1F));
    }

    private static Shifted shl(long value, int count, int bits, long rflags) {
        long result = Execution.mask(value << count, bits);
        boolean carry = count <= bits && ((value >>> (bits - count)) & 1) != 0;
        return shifted(result, bits, carry, Flags.msb(value, bits) != Flags.msb(value << 1, bits));
    }

    private static Shifted shr(long value, int count, int bits, long rflags) {
        boolean carry = ((value >>> (count - 1)) & 1) != 0;
        return shifted(value >>> count, bits, carry, Flags.msb(value, bits));
    }

    private static Shifted sar(long value, int count, int bits, long rflags) {
        long signed = Execution.signExtend(value, bits);
        boolean carry = ((signed >> (count - 1)) & 1) != 0;
        return shifted(Execution.mask(signed >> count, bits), bits, carry, false);
    }

    private static Shifted shifted(long result, int bits, boolean carry, boolean overflow) {
        long flags = Flags.result(result, bits) | Flags.when(carry, CF) | Flags.when(overflow, OF);
        return new Shifted(result, flags, CpuState.STATUS_FLAGS);
    }

    private static Shifted rol(long value, int count, int bits, long rflags) {
        long result = rotateLeft(value, count % bits, bits);
        boolean carry = (result & 1) != 0;
        return rotated(result, carry, Flags.msb(result, bits) != carry);
    }

    private static Shifted ror(long value, int count, int bits, long rflags) {
        long result = rotateLeft(value, (bits - count % bits) % bits, bits);
        boolean msb = Flags.msb(result, bits);
        return rotated(result, msb, msb != Flags.msb(result << 1, bits));
    }

    /** RCL: a rotate left of the {@code bits + 1}-bit value CF:operand. */
    private static Shifted rcl(long value, int count, int bits, long rflags) {
        int rotation = count % (bits + 1);
        long result = value;
        boolean carry = (rflags & CF) != 0;
        for (int i = 0; i < rotation; i++) {
            boolean out = Flags.msb(result, bits);
            result = Execution.mask(result << 1, bits) | (carry ? 1 : 0);
            carry = out;
        }
        return rotated(result, carry, Flags.msb(result, bits) != carry);
    }

    /** RCR: a rotate right of the {@code bits + 1}-bit value operand:CF; OF is taken before it. */
    private static Shifted rcr(long value, int count, int bits, long rflags) {
        int rotation = count % (bits + 1);
        boolean carry = (rflags & CF) != 0;
        boolean overflow = Flags.msb(value, bits) != carry;
        long result = value;
        for (int i = 0; i < rotation; i++) {
            boolean out = (result & 1) != 0;
            result = (result >>> 1) | (carry ? 1L << (bits - 1) : 0);
            carry = out;
        }
        return rotated(result, carry, overflow);
    }

    private static Shifted rotated(long result, boolean carry, boolean overflow) {
        return new Shifted(result, Flags.when(carry, CF) | Flags.when(overflow, OF), ROTATE_FLAGS);
    }

    private static long rotateLeft(long value, int count, int bits) {
        if (count == 0) {
            return value;
        }
        return Execution.mask(value << count | value >>> (bits - count), bits);
    }

    /** SHLD/SHRD destination, source, count: the source's bits shift into the destination. */
    private static void doubleShift(Instruction instruction, Execution execution, boolean left) throws CpuException {
        List<Operand> operands = instruction.operands();
        Operand destination = operands.get(0);
        int bits = Execution.bits(instruction, destination);
        long value = execution.read(instruction, destination);
        long source = execution.read(instruction, operands.get(1));
        int count = maskedCount(execution.read(instruction, operands.get(2)), bits);
        if (count == 0) {
            execution.write(instruction, destination, value);
            return;
        }
        long result;
        boolean carry;
        if (bits == 16) {
            // counts 17..31 are undefined in the SDM; Intel shifts the 48-bit dest:source:dest
            long wide = value << 32 | source << 16 | value;
            result = (left ? (wide << count) >>> 32 : wide >>> count) & 0xFFFF;
            carry = bit(wide, left ? 48 - count : count - 1);
        } else {
            result = Execution.mask(left ? value << count | source >>> (bits - count)
                    : value >>> count | source << (bits - count), bits);
            carry = bit(value, left ? bits - count : count - 1);
        }
        // OF: whether the first bit shifted in changes the sign
        boolean firstIn = left ? Flags.msb(value << 1, bits) : (source & 1) != 0;
        execution.write(instruction, destination, result);
        Flags.update(execution.cpu(), CpuState.STATUS_FLAGS, Flags.result(result, bits) | Flags.when(carry, CF)
                | Flags.when(Flags.msb(value, bits) != firstIn, OF));
    }

    private static boolean bit(long value, int index) {
        return ((value >>> index) & 1) != 0;
    }
}
