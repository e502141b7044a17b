package org.hybridbridge.x86.exec;

import static org.hybridbridge.x86.exec.CpuState.AF;
import static org.hybridbridge.x86.exec.CpuState.CF;
import static org.hybridbridge.x86.exec.CpuState.OF;
import static org.hybridbridge.x86.exec.CpuState.PF;
import static org.hybridbridge.x86.exec.CpuState.SF;
import static org.hybridbridge.x86.exec.CpuState.ZF;

/**
 * The status flags of integer results, computed eagerly as the SDM defines them. Helpers return
 * flag bits; {@link #update} merges them into RFLAGS, touching only the flags named.
 */
final class Flags {

    private Flags() {
    }

    /** @return PF, ZF and SF of {@code result} at {@code bits} */
    static long result(long result, int bits) {
        long value = Execution.mask(result, bits);
        long flags = parity(value);
        if (value == 0) {
            flags |= ZF;
        }
        if (msb(value, bits)) {
            flags |= SF;
        }
        return flags;
    }

    /** @return PF if the low byte of {@code value} has an even number of ones */
    static long parity(long value) {
        return (Integer.bitCount((int) value & 0xFF) & 1) == 0 ? PF : 0;
    }

    /** @return whether the sign bit of a {@code bits}-wide value is set */
    static boolean msb(long value, int bits) {
        return ((value >>> (bits - 1)) & 1) != 0;
    }

    /** Replaces the flags in {@code affected} by those set in {@code flags}. */
    static void update(CpuState cpu, long affected, long flags) {
        cpu.setRflags((cpu.rflags() & ~affected) | (flags & affected));
    }

    /** @return {@code mask} when {@code condition} holds, else 0 */
    static long when(boolean condition, long mask) {
        return condition ? mask : 0;
    }

    /** The flags of {@code a + b + carry} at {@code bits}; returns the truncated sum. */
    static long add(CpuState cpu, long a, long b, long carry, int bits) {
        long sum = a + b + carry;
        long carries = (a & b) | ((a | b) & ~sum);
        long flags = result(sum, bits)
                | when(msb(carries, bits), CF)
                | when(msb((a ^ sum) & (b ^ sum), bits), OF)
                | ((a ^ b ^ sum) & AF);
        update(cpu, CpuState.STATUS_FLAGS, flags);
        return Execution.mask(sum, bits);
    }

    /** The flags of {@code a - b - borrow} at {@code bits}; returns the truncated difference. */
    static long subtract(CpuState cpu, long a, long b, long borrow, int bits) {
        long difference = a - b - borrow;
        long borrows = (~a & b) | ((~a | b) & difference);
        long flags = result(difference, bits)
                | when(msb(borrows, bits), CF)
                | when(msb((a ^ b) & (a ^ difference), bits), OF)
                | ((a ^ b ^ difference) & AF);
        update(cpu, CpuState.STATUS_FLAGS, flags);
        return Execution.mask(difference, bits);
    }

    /**
     * The flags of AND, OR, XOR and TEST: CF and OF cleared, SF/ZF/PF from the result. AF is
     * undefined in the SDM; Intel processors clear it, and so does this.
     */
    static long logic(CpuState cpu, long result, int bits) {
        update(cpu, CpuState.STATUS_FLAGS, result(result, bits));
        return Execution.mask(result, bits);
    }
}
