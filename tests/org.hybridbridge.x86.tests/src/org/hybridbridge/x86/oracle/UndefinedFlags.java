package org.hybridbridge.x86.oracle;

import static org.hybridbridge.x86.exec.CpuState.AF;
import static org.hybridbridge.x86.exec.CpuState.CF;
import static org.hybridbridge.x86.exec.CpuState.OF;
import static org.hybridbridge.x86.exec.CpuState.PF;
import static org.hybridbridge.x86.exec.CpuState.SF;
import static org.hybridbridge.x86.exec.CpuState.STATUS_FLAGS;
import static org.hybridbridge.x86.exec.CpuState.ZF;

import java.util.List;

import org.hybridbridge.x86.ImmediateOperand;
import org.hybridbridge.x86.Instruction;
import org.hybridbridge.x86.MemoryOperand;
import org.hybridbridge.x86.Operand;
import org.hybridbridge.x86.RegisterOperand;

/**
 * The status flags the Intel SDM leaves undefined after an instruction (its "Flags Affected"
 * sections): a lockstep must not compare them, since QEMU and the engine may each leave
 * whatever their flag evaluation happens to produce. Everything else in RFLAGS is compared.
 */
public final class UndefinedFlags {

    private UndefinedFlags() {
    }

    /**
     * @param before the registers before the instruction (for a shift or rotate count in CL)
     * @return the status flags undefined after {@code instruction}, 0 when all are defined
     */
    static long of(Instruction instruction, RegisterFile before) {
        return of(instruction, before.gprs()[1]);
    }

    /**
     * @param rcx RCX before the instruction (for a shift or rotate count in CL)
     * @return the status flags undefined after {@code instruction}, 0 when all are defined
     */
    public static long of(Instruction instruction, long rcx) {
        return switch (instruction.mnemonic()) {
            case AND, OR, XOR, TEST -> AF;
            case MUL, IMUL -> SF | ZF | AF | PF;
            case DIV, IDIV -> STATUS_FLAGS;
            case BSF, BSR -> CF | OF | SF | AF | PF;
            case BT, BTS, BTR, BTC -> OF | SF | AF | PF;
            case TZCNT, LZCNT -> OF | SF | PF | AF;
            case SHL, SHR, SAR -> shift(instruction, count(instruction, rcx));
            case ROL, ROR, RCL, RCR -> maskedCount(instruction, count(instruction, rcx)) > 1 ? OF : 0;
            case SHLD, SHRD -> doubleShift(instruction, count(instruction, rcx));
            default -> 0;
        };
    }

    /** AF whenever something is shifted; OF beyond one bit; CF once the count reaches the width (8/16-bit). */
    private static long shift(Instruction instruction, long count) {
        long masked = maskedCount(instruction, count);
        if (masked == 0) {
            return 0;
        }
        return AF | (masked > 1 ? OF : 0) | (masked >= width(instruction) ? CF : 0);
    }

    /** As a shift; a count beyond the width leaves every flag undefined. */
    private static long doubleShift(Instruction instruction, long count) {
        long masked = maskedCount(instruction, count);
        if (masked > width(instruction)) {
            return STATUS_FLAGS;
        }
        return masked == 0 ? 0 : AF | (masked > 1 ? OF : 0);
    }

    /** The count as the CPU uses it: five bits, six for a 64-bit operand. */
    private static long maskedCount(Instruction instruction, long count) {
        return count & (width(instruction) == 64 ? 63 : 31);
    }

    /** The count operand: an immediate, CL, or the implicit 1 of the D0/D1 forms. */
    private static long count(Instruction instruction, long rcx) {
        List<Operand> operands = instruction.operands();
        Operand last = operands.get(operands.size() - 1);
        if (operands.size() == 1) {
            return 1;
        }
        return switch (last) {
            case ImmediateOperand immediate -> immediate.value() & 0xFF;
            case RegisterOperand register -> rcx & 0xFF;
            default -> throw new IllegalArgumentException("no shift count in " + instruction);
        };
    }

    private static int width(Instruction instruction) {
        return switch (instruction.operands().get(0)) {
            case RegisterOperand register -> register.register().bits();
            case MemoryOperand memory -> memory.bits();
            default -> instruction.operandSize();
        };
    }
}
