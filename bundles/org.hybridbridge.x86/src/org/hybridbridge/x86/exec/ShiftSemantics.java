package org.hybridbridge.x86.exec;

import static org.hybridbridge.x86.exec.CpuState.CF;
import static org.hybridbridge.x86.exec.CpuState.OF;

import java.util.List;

import org.hybridbridge.x86.ImmediateOperand;
import org.hybridbridge.x86.Instruction;
import org.hybridbridge.x86.Mnemonic;
import org.hybridbridge.x86.Operand;

/**
 * Shifts and rotates (SHL, SHR, SAR, ROL, ROR, RCL, RCR) and the double shifts SHLD, SHRD.
 *
 * <p>The count is masked to 5 bits (6 with 64-bit operands); a masked count of 0 changes no
 * flag, but the destination is still written (a 32-bit register is zero-extended). Where the SDM
 * leaves flags undefined this does what Intel processors do (measured with the CPU oracle): OF
 * is taken from the first one-bit step whatever the count (so it is the SDM's count-1 value for
 * a count of 1), shifts and double shifts clear AF, CF of SHL/SHR past the operand size is the
 * last bit shifted out (0 beyond the operand), SHLD/SHRD of a 16-bit operand by 17..31 shift the
 * 48-bit destination:source:destination, an RCL/RCR by a multiple of the operand size plus
 * one (a full turn through CF) changes no flag, and ROL/ROR by an immediate above 1 (not by CL)
 * leave OF unchanged.
 */
final class ShiftSemantics {

    /**
     * The result and the flags (CF, OF, and for shifts SF/ZF/PF) of one shift or rotate, filled in
     * place: each {@link Execution} has one ({@link Execution#shifted}), as a machine runs on one
     * thread, so a shift allocates nothing (a value returned through the megamorphic
     * {@link Shift} call escaped, and was an object per shift).
     */
    static final class Shifted {
        long value;
        long flags;
        long affected;

        void set(long result, long resultFlags, long affectedFlags) {
            this.value = result;
            this.flags = resultFlags;
            this.affected = affectedFlags;
        }
    }

    @FunctionalInterface
    private interface Shift {
        /**
         * @param count the masked count, not 0
         * @param out   where the result and flags go
         */
        void apply(long value, int count, int bits, long rflags, Shifted out);
    }

    private static final long ROTATE_FLAGS = CF | OF;

    private ShiftSemantics() {
    }

    static void register(InstructionSet set) {
        set.define(shift(ShiftSemantics::shl, false), Mnemonic.SHL);
        set.define(shift(ShiftSemantics::shr, false), Mnemonic.SHR);
        set.define(shift(ShiftSemantics::sar, false), Mnemonic.SAR);
        set.define(shift(ShiftSemantics::rol, true), Mnemonic.ROL);
        set.define(shift(ShiftSemantics::ror, true), Mnemonic.ROR);
        set.define(shift(ShiftSemantics::rcl, false), Mnemonic.RCL);
        set.define(shift(ShiftSemantics::rcr, false), Mnemonic.RCR);
        set.define(LockPrefix.forbidden((instruction, execution) -> doubleShift(instruction, execution, true)),
                Mnemonic.SHLD);
        set.define(LockPrefix.forbidden((instruction, execution) -> doubleShift(instruction, execution, false)),
                Mnemonic.SHRD);
    }

    /**
     * @param immediateKeepsOverflow whether a count above 1 given as an immediate leaves OF
     *                               unchanged (ROL and ROR on Intel; by CL they set it)
     */
    private static Semantic shift(Shift operation, boolean immediateKeepsOverflow) {
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
            Shifted shifted = execution.shifted();
            operation.apply(value, count, bits, cpu.rflags(), shifted);
            long affected = shifted.affected;
            if (immediateKeepsOverflow && count > 1 && operands.get(1) instanceof ImmediateOperand) {
                affected &= ~OF;
            }
            execution.write(instruction, destination, shifted.value);
            Flags.update(cpu, affected, shifted.flags);
        });
    }

    private static int maskedCount(long count, int bits) {
        return (int) (count & (bits == 64 ? 0x3F : 0x1F));
    }

    private static void shl(long value, int count, int bits, long rflags, Shifted out) {
        long result = Execution.mask(value << count, bits);
        boolean carry = count <= bits && ((value >>> (bits - count)) & 1) != 0;
        shifted(out, result, bits, carry, Flags.msb(value, bits) != Flags.msb(value << 1, bits));
    }

    private static void shr(long value, int count, int bits, long rflags, Shifted out) {
        boolean carry = ((value >>> (count - 1)) & 1) != 0;
        shifted(out, value >>> count, bits, carry, Flags.msb(value, bits));
    }

    private static void sar(long value, int count, int bits, long rflags, Shifted out) {
        long signed = Execution.signExtend(value, bits);
        boolean carry = ((signed >> (count - 1)) & 1) != 0;
        shifted(out, Execution.mask(signed >> count, bits), bits, carry, false);
    }

    private static void shifted(Shifted out, long result, int bits, boolean carry, boolean overflow) {
        long flags = Flags.result(result, bits) | Flags.when(carry, CF) | Flags.when(overflow, OF);
        out.set(result, flags, CpuState.STATUS_FLAGS);
    }

    private static void rol(long value, int count, int bits, long rflags, Shifted out) {
        long result = rotateLeft(value, count % bits, bits);
        rotated(out, result, (result & 1) != 0, Flags.msb(value, bits) != Flags.msb(value << 1, bits));
    }

    private static void ror(long value, int count, int bits, long rflags, Shifted out) {
        long result = rotateLeft(value, (bits - count % bits) % bits, bits);
        rotated(out, result, Flags.msb(result, bits), Flags.msb(value, bits) != ((value & 1) != 0));
    }

    /** RCL: a rotate left of the {@code bits + 1}-bit value CF:operand; a full turn changes no flag. */
    private static void rcl(long value, int count, int bits, long rflags, Shifted out) {
        int rotation = count % (bits + 1);
        if (rotation == 0) {
            out.set(value, 0, 0);
            return;
        }
        long result = value;
        boolean carry = (rflags & CF) != 0;
        for (int i = 0; i < rotation; i++) {
            boolean leaving = Flags.msb(result, bits);
            result = Execution.mask(result << 1, bits) | (carry ? 1 : 0);
            carry = leaving;
        }
        rotated(out, result, carry, Flags.msb(value, bits) != Flags.msb(value << 1, bits));
    }

    /** RCR: a rotate right of the {@code bits + 1}-bit value operand:CF; a full turn changes no flag. */
    private static void rcr(long value, int count, int bits, long rflags, Shifted out) {
        int rotation = count % (bits + 1);
        if (rotation == 0) {
            out.set(value, 0, 0);
            return;
        }
        boolean carry = (rflags & CF) != 0;
        boolean overflow = Flags.msb(value, bits) != carry;
        long result = value;
        for (int i = 0; i < rotation; i++) {
            boolean leaving = (result & 1) != 0;
            result = (result >>> 1) | (carry ? 1L << (bits - 1) : 0);
            carry = leaving;
        }
        rotated(out, result, carry, overflow);
    }

    private static void rotated(Shifted out, long result, boolean carry, boolean overflow) {
        out.set(result, Flags.when(carry, CF) | Flags.when(overflow, OF), ROTATE_FLAGS);
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
