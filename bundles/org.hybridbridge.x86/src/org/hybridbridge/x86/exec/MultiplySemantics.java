package org.hybridbridge.x86.exec;

import static org.hybridbridge.x86.exec.CpuState.CF;
import static org.hybridbridge.x86.exec.CpuState.OF;
import static org.hybridbridge.x86.exec.CpuState.SF;

import java.util.List;

import org.hybridbridge.x86.Instruction;
import org.hybridbridge.x86.Mnemonic;
import org.hybridbridge.x86.Operand;
import org.hybridbridge.x86.Register;

/**
 * MUL, IMUL (one, two and three operands), DIV and IDIV. The one-operand forms work on
 * AL/AX, DX:AX, EDX:EAX or RDX:RAX. The SDM defines only CF and OF of a multiply and no flag of
 * a divide; this does what Intel processors do (measured with the CPU oracle): a multiply sets
 * SF from the low half of the product, PF from its low byte, and clears ZF and AF; a divide
 * leaves every flag unchanged.
 */
final class MultiplySemantics {

    private static final int RAX = 0, RDX = 2;

    private MultiplySemantics() {
    }

    static void register(InstructionSet set) {
        set.define(LockPrefix.forbidden(MultiplySemantics::mul), Mnemonic.MUL);
        set.define(LockPrefix.forbidden(MultiplySemantics::imul), Mnemonic.IMUL);
        set.define(LockPrefix.forbidden(MultiplySemantics::div), Mnemonic.DIV);
        set.define(LockPrefix.forbidden(MultiplySemantics::idiv), Mnemonic.IDIV);
    }

    /** The double-width accumulator of the one-operand forms: its low and high halves. */
    private record Wide(long low, long high) {
    }

    private static Wide accumulator(Execution execution, int bits) {
        CpuState cpu = execution.cpu();
        if (bits == 8) {
            long ax = cpu.gpr(RAX) & 0xFFFF;
            return new Wide(ax & 0xFF, ax >>> 8);
        }
        return new Wide(Execution.mask(cpu.gpr(RAX), bits), Execution.mask(cpu.gpr(RDX), bits));
    }

    private static void setAccumulator(Execution execution, int bits, long low, long high) {
        if (bits == 8) {
            execution.writeRegister(Register.AX, (low & 0xFF) | (high & 0xFF) << 8);
        } else {
            execution.writeRegister(Register.gpr(RAX, bits, false), low);
            execution.writeRegister(Register.gpr(RDX, bits, false), high);
        }
    }

    private static void mul(Instruction instruction, Execution execution) throws CpuException {
        Operand source = instruction.operands().get(0);
        int bits = Execution.bits(instruction, source);
        long a = accumulator(execution, bits).low();
        long b = execution.read(instruction, source);
        long low;
        long high;
        if (bits == 64) {
            low = a * b;
            high = Math.unsignedMultiplyHigh(a, b);
        } else {
            long product = a * b;
            low = Execution.mask(product, bits);
            high = product >>> bits;
        }
        setAccumulator(execution, bits, low, high);
        setMultiplyFlags(execution.cpu(), low, bits, high != 0);
    }

    private static void setMultiplyFlags(CpuState cpu, long low, int bits, boolean overflow) {
        long flags = Flags.when(overflow, CF | OF) | Flags.when(Flags.msb(low, bits), SF) | Flags.parity(low);
        Flags.update(cpu, CpuState.STATUS_FLAGS, flags);
    }

    private static void imul(Instruction instruction, Execution execution) throws CpuException {
        List<Operand> operands = instruction.operands();
        if (operands.size() == 1) {
            imulAccumulator(instruction, execution, operands.get(0));
            return;
        }
        Operand destination = operands.get(0);
        int bits = Execution.bits(instruction, destination);
        Operand multiplicand = operands.size() == 3 ? operands.get(1) : destination;
        long a = Execution.signExtend(execution.read(instruction, multiplicand), bits);
        long b = Execution.signExtend(execution.read(instruction, operands.get(operands.size() - 1)), bits);
        long low = a * b;
        boolean overflow = bits == 64 ? Math.multiplyHigh(a, b) != low >> 63 : Execution.signExtend(low, bits) != low;
        execution.write(instruction, destination, low);
        setMultiplyFlags(execution.cpu(), low, bits, overflow);
    }

    private static void imulAccumulator(Instruction instruction, Execution execution, Operand source)
            throws CpuException {
        int bits = Execution.bits(instruction, source);
        long a = Execution.signExtend(accumulator(execution, bits).low(), bits);
        long b = Execution.signExtend(execution.read(instruction, source), bits);
        long low = a * b;
        long high = bits == 64 ? Math.multiplyHigh(a, b) : low >> bits;
        boolean overflow = bits == 64 ? high != low >> 63 : Execution.signExtend(low, bits) != low;
        setAccumulator(execution, bits, low, high);
        setMultiplyFlags(execution.cpu(), low, bits, overflow);
    }

    private static void div(Instruction instruction, Execution execution) throws CpuException {
        Operand source = instruction.operands().get(0);
        int bits = Execution.bits(instruction, source);
        long divisor = execution.read(instruction, source);
        Wide dividend = accumulator(execution, bits);
        // the quotient fits exactly when the high half is below the divisor (which also excludes 0)
        if (Long.compareUnsigned(dividend.high(), divisor) >= 0) {
            throw CpuException.divideError();
        }
        if (bits == 64) {
            Wide result = UnsignedDivision.divide(dividend.high(), dividend.low(), divisor);
            setAccumulator(execution, bits, result.low(), result.high());
        } else {
            long wide = dividend.high() << bits | dividend.low();
            setAccumulator(execution, bits, Long.divideUnsigned(wide, divisor), Long.remainderUnsigned(wide, divisor));
        }
    }

    private static void idiv(Instruction instruction, Execution execution) throws CpuException {
        Operand source = instruction.operands().get(0);
        int bits = Execution.bits(instruction, source);
        long divisor = Execution.signExtend(execution.read(instruction, source), bits);
        if (divisor == 0) {
            throw CpuException.divideError();
        }
        Wide dividend = accumulator(execution, bits);
        long quotient;
        long remainder;
        if (bits == 64) {
            Wide result = signedDivide128(dividend.high(), dividend.low(), divisor);
            quotient = result.low();
            remainder = result.high();
        } else {
            long wide = Execution.signExtend(dividend.high() << bits | dividend.low(), 2 * bits);
            quotient = wide / divisor;
            remainder = wide % divisor;
            if (Execution.signExtend(quotient, bits) != quotient) {
                throw CpuException.divideError();
            }
        }
        setAccumulator(execution, bits, quotient, remainder);
    }

    /**
     * @return quotient (low) and remainder (high) of the signed 128-bit {@code high:low} by
     *         {@code divisor}, truncated toward zero
     * @throws CpuException #DE if the quotient does not fit in 64 signed bits
     */
    private static Wide signedDivide128(long high, long low, long divisor) throws CpuException {
        boolean negativeDividend = high < 0;
        if (negativeDividend) {
            // two's complement negation of the 128-bit value
            low = -low;
            high = ~high + (low == 0 ? 1 : 0);
        }
        long magnitude = Math.abs(divisor); // Long.MIN_VALUE stays as is: its unsigned value is right
        if (Long.compareUnsigned(high, magnitude) >= 0) {
            throw CpuException.divideError();
        }
        Wide unsigned = UnsignedDivision.divide(high, low, magnitude);
        boolean negativeQuotient = negativeDividend != divisor < 0;
        long limit = negativeQuotient ? Long.MIN_VALUE : Long.MAX_VALUE;
        if (Long.compareUnsigned(unsigned.low(), limit) > 0) {
            throw CpuException.divideError();
        }
        long quotient = negativeQuotient ? -unsigned.low() : unsigned.low();
        long remainder = negativeDividend ? -unsigned.high() : unsigned.high();
        return new Wide(quotient, remainder);
    }

    /** 128-by-64-bit unsigned division, for DIV and IDIV with 64-bit operands. */
    private static final class UnsignedDivision {

        private UnsignedDivision() {
        }

        /**
         * @param high must be below {@code divisor} (unsigned), so the quotient fits in 64 bits
         * @return the quotient (low) and remainder (high) of {@code high:low / divisor}
         */
        static Wide divide(long high, long low, long divisor) {
            if (high == 0) {
                return new Wide(Long.divideUnsigned(low, divisor), Long.remainderUnsigned(low, divisor));
            }
            // restoring division, one quotient bit per dividend bit of the low half
            long remainder = high;
            long quotient = 0;
            for (int i = 63; i >= 0; i--) {
                boolean carry = remainder < 0;
                remainder = remainder << 1 | (low >>> i) & 1;
                quotient <<= 1;
                if (carry || Long.compareUnsigned(remainder, divisor) >= 0) {
                    remainder -= divisor;
                    quotient |= 1;
                }
            }
            return new Wide(quotient, remainder);
        }
    }
}
