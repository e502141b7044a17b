package org.hybridbridge.x86.exec;

import java.util.Arrays;
import java.util.Random;

/** The operand values, registers and flag patterns the oracle cases combine. */
final class Values {

    static final int[] SIZES = { 8, 16, 32, 64 };
    static final int[] WIDE_SIZES = { 16, 32, 64 };
    /** Registers the cases compute in: every GPR but RBX (the data pointer) and RSP. */
    static final int[] REGISTERS = { Insn.RAX, Insn.RCX, Insn.RDX, Insn.RSI, Insn.RDI, Insn.RBP, 8, 9, 10, 11, 12, 13,
            14, 15 };
    private static final long ALL_STATUS = CpuState.STATUS_FLAGS;
    private static final long[] FLAG_PATTERNS = { 0, ALL_STATUS, CpuState.CF, CpuState.ZF | CpuState.PF,
            CpuState.SF | CpuState.OF | CpuState.AF, ALL_STATUS & ~CpuState.CF, CpuState.CF | CpuState.SF,
            CpuState.OF | CpuState.ZF };

    private Values() {
    }

    /**
     * @return the edge cases of a {@code bits}-wide operand: 0, 1, 2, -1, the signed minimum and
     *         maximum and their neighbours, alternating bits, a byte border, a mixed pattern
     */
    static long[] edges(int bits) {
        long min = 1L << (bits - 1);
        long[] values = { 0, 1, 2, -1, min, min - 1, min + 1, -2, 0x5555_5555_5555_5555L, 0xAAAA_AAAA_AAAA_AAAAL,
                0x80, 0x7F, 0x1234_5678_9ABC_DEF0L, 0xFEDC_BA98_7654_3210L };
        return Arrays.stream(values).map(v -> Execution.mask(v, bits)).distinct().toArray();
    }

    /**
     * @return {@link #edges} followed by {@code count} pseudo-random values (a fixed seed per
     *         width, so every run tests the same ones) with random widths of set bits, so carries,
     *         borrows and parities vary beyond the edges
     */
    static long[] edgesAndRandom(int bits, int count) {
        Random random = new Random(0x5EED_0000L + bits);
        long[] edges = edges(bits);
        long[] values = Arrays.copyOf(edges, edges.length + count);
        for (int i = 0; i < count; i++) {
            values[edges.length + i] = Execution.mask(random.nextLong() >>> random.nextInt(64), bits);
        }
        return values;
    }

    /** @return the first {@code count} of {@link #edges} */
    static long[] someEdges(int bits, int count) {
        long[] all = edges(bits);
        return Arrays.copyOf(all, Math.min(count, all.length));
    }

    /** @return a register for the {@code i}-th case */
    static int register(int i) {
        return REGISTERS[Math.floorMod(i, REGISTERS.length)];
    }

    /** @return a register for the {@code i}-th case other than {@code taken} */
    static int otherRegister(int i, int taken) {
        int candidate = register(i * 5 + 3);
        return candidate == taken ? register(i * 5 + 4) : candidate;
    }

    /** @return a pattern of initial status flags for the {@code i}-th case */
    static long flags(int i) {
        return FLAG_PATTERNS[Math.floorMod(i, FLAG_PATTERNS.length)];
    }

    /** @return the 32 combinations of CF, PF, ZF, SF and OF, every condition code both ways */
    static long[] conditionPatterns() {
        long[] bits = { CpuState.CF, CpuState.PF, CpuState.ZF, CpuState.SF, CpuState.OF };
        long[] patterns = new long[1 << bits.length];
        for (int p = 0; p < patterns.length; p++) {
            for (int b = 0; b < bits.length; b++) {
                if ((p & 1 << b) != 0) {
                    patterns[p] |= bits[b];
                }
            }
        }
        return patterns;
    }
}
