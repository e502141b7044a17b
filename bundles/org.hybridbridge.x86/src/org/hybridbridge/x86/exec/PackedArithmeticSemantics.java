package org.hybridbridge.x86.exec;

import static org.hybridbridge.x86.Mnemonic.*;

import org.hybridbridge.x86.Mnemonic;

/**
 * The SSE2 packed-integer arithmetic beyond plain add and subtract: saturating adds and
 * subtracts, signed minimum and maximum, multiplies, averages, sums of absolute differences and
 * the saturating packs (and SSE4.1's byte and word minimums, #UD unless the model reports it).
 * Lanes arrive zero-extended; signed operations sign-extend them first.
 */
final class PackedArithmeticSemantics {

    private PackedArithmeticSemantics() {
    }

    static void register(InstructionSet set, CpuModel model) {
        registerSaturating(set);
        registerMultiplies(set);
        set.define(SseSemantics.lanewise(8, (a, b) -> (a + b + 1) >>> 1), PAVGB);
        set.define(SseSemantics.lanewise(16, (a, b) -> (a + b + 1) >>> 1), PAVGW);
        set.define(SseSemantics.lanewise(16, (a, b) -> Math.min(signed(a, 16), signed(b, 16))), PMINSW);
        set.define(SseSemantics.lanewise(16, (a, b) -> Math.max(signed(a, 16), signed(b, 16))), PMAXSW);
        set.define(CpuFeature.SSE4_1.requiredBy(model,
                SseSemantics.lanewise(8, (a, b) -> Math.min(signed(a, 8), signed(b, 8)))), PMINSB);
        set.define(CpuFeature.SSE4_1.requiredBy(model, SseSemantics.lanewise(16, Math::min)), PMINUW);
        set.define(SseSemantics.binary((d, s, i) -> {
            Xmm result = Xmm.ZERO;
            for (int half = 0; half < 2; half++) {
                long sum = 0;
                for (int k = 0; k < 8; k++) {
                    sum += Math.abs(d.lane(8, 8 * half + k) - s.lane(8, 8 * half + k));
                }
                result = result.withLane(64, half, sum);
            }
            return result;
        }), PSADBW);
        set.define(pack(16, 8, true), PACKSSWB);
        set.define(pack(16, 8, false), PACKUSWB);
        set.define(pack(32, 16, true), PACKSSDW);
    }

    private static void registerSaturating(InstructionSet set) {
        Mnemonic[] unsignedAdds = { PADDUSB, PADDUSW }, unsignedSubtracts = { PSUBUSB, PSUBUSW };
        Mnemonic[] signedAdds = { PADDSB, PADDSW }, signedSubtracts = { PSUBSB, PSUBSW };
        int[] widths = { 8, 16 };
        for (int w = 0; w < widths.length; w++) {
            int bits = widths[w];
            set.define(SseSemantics.lanewise(bits, (a, b) -> saturate(a + b, bits, false)), unsignedAdds[w]);
            set.define(SseSemantics.lanewise(bits, (a, b) -> saturate(a - b, bits, false)), unsignedSubtracts[w]);
            set.define(SseSemantics.lanewise(bits, (a, b) -> saturate(signed(a, bits) + signed(b, bits), bits, true)),
                    signedAdds[w]);
            set.define(SseSemantics.lanewise(bits, (a, b) -> saturate(signed(a, bits) - signed(b, bits), bits, true)),
                    signedSubtracts[w]);
        }
    }

    private static void registerMultiplies(InstructionSet set) {
        set.define(SseSemantics.lanewise(16, (a, b) -> a * b), PMULLW);
        set.define(SseSemantics.lanewise(16, (a, b) -> signed(a, 16) * signed(b, 16) >> 16), PMULHW);
        set.define(SseSemantics.lanewise(16, (a, b) -> a * b >>> 16), PMULHUW);
        set.define(SseSemantics.lanewise(64, (a, b) -> (a & 0xFFFF_FFFFL) * (b & 0xFFFF_FFFFL)), PMULUDQ);
        set.define(SseSemantics.binary((d, s, i) -> {
            Xmm result = Xmm.ZERO;
            for (int k = 0; k < 4; k++) {
                long sum = d.signedLane(16, 2 * k) * s.signedLane(16, 2 * k)
                        + d.signedLane(16, 2 * k + 1) * s.signedLane(16, 2 * k + 1);
                result = result.withLane(32, k, sum);
            }
            return result;
        }), PMADDWD);
    }

    /** The destination's lanes narrowed into the low half of the result, the source's into the high half. */
    private static Semantic pack(int from, int to, boolean signedResult) {
        return SseSemantics.binary((d, s, i) -> {
            int count = 128 / from;
            Xmm result = Xmm.ZERO;
            for (int k = 0; k < count; k++) {
                result = result.withLane(to, k, saturate(d.signedLane(from, k), to, signedResult));
                result = result.withLane(to, count + k, saturate(s.signedLane(from, k), to, signedResult));
            }
            return result;
        });
    }

    /** @return {@code value} clamped to the signed or unsigned range of {@code bits} */
    private static long saturate(long value, int bits, boolean signedRange) {
        long minimum = signedRange ? -(1L << (bits - 1)) : 0;
        long maximum = signedRange ? (1L << (bits - 1)) - 1 : (1L << bits) - 1;
        return Math.max(minimum, Math.min(maximum, value));
    }

    private static long signed(long lane, int bits) {
        return Execution.signExtend(lane, bits);
    }
}
