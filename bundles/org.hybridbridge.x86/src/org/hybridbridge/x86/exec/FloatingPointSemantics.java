package org.hybridbridge.x86.exec;

import static org.hybridbridge.x86.Mnemonic.*;
import static org.hybridbridge.x86.exec.SimdFloatExceptions.*;

import java.math.BigDecimal;
import java.util.function.DoublePredicate;

import org.hybridbridge.x86.Instruction;
import org.hybridbridge.x86.Mnemonic;
import org.hybridbridge.x86.Operand;

/**
 * SSE/SSE2 floating-point arithmetic, comparisons and conversions, scalar and packed, single
 * and double (what static glibc's printf and math use). Results are IEEE-754 round-to-nearest,
 * which Java's arithmetic computes exactly; NaN operands and results follow the SDM's SSE rules
 * (the first source's NaN wins, an invalid operation returns the negative "real indefinite"),
 * and MXCSR's sticky flags are raised as the CPU raises them (see {@link SimdFloatExceptions}).
 */
final class FloatingPointSemantics {

    private FloatingPointSemantics() {
    }

    /** One lane of a two-operand operation: destination (first source) and source bits in, result bits out. */
    @FunctionalInterface
    private interface LaneOperation {
        long apply(FloatFormat format, long first, long second, SimdFloatExceptions raised);
    }

    /** An instruction's work between the SSE checks and the commit of the flags it raised. */
    @FunctionalInterface
    private interface FloatingPointWork {
        void run(Instruction instruction, Execution execution, SimdFloatExceptions raised) throws CpuException;
    }

    /** The four basic operations on finite or infinite operands, and whether a rounded result is exact. */
    private enum Arithmetic {
        ADD, SUBTRACT, MULTIPLY, DIVIDE;

        double apply(double x, double y) {
            return switch (this) {
                case ADD -> x + y;
                case SUBTRACT -> x - y;
                case MULTIPLY -> x * y;
                case DIVIDE -> x / y;
            };
        }

        boolean isExact(double x, double y, double result) {
            BigDecimal r = new BigDecimal(result);
            return switch (this) {
                case ADD -> new BigDecimal(x).add(new BigDecimal(y)).compareTo(r) == 0;
                case SUBTRACT -> new BigDecimal(x).subtract(new BigDecimal(y)).compareTo(r) == 0;
                case MULTIPLY -> new BigDecimal(x).multiply(new BigDecimal(y)).compareTo(r) == 0;
                case DIVIDE -> r.multiply(new BigDecimal(y)).compareTo(new BigDecimal(x)) == 0;
            };
        }
    }

    static void register(InstructionSet set) {
        Mnemonic[][] arithmetic = { { ADDSS, ADDSD, ADDPS, ADDPD }, { SUBSS, SUBSD, SUBPS, SUBPD },
                { MULSS, MULSD, MULPS, MULPD }, { DIVSS, DIVSD, DIVPS, DIVPD } };
        for (Arithmetic operation : Arithmetic.values()) {
            defineFourForms(set, arithmetic[operation.ordinal()], (f, a, b, e) -> arithmetic(operation, f, a, b, e));
        }
        defineFourForms(set, new Mnemonic[] { SQRTSS, SQRTSD, SQRTPS, SQRTPD }, (f, a, b, e) -> squareRoot(f, b, e));
        defineFourForms(set, new Mnemonic[] { MINSS, MINSD, MINPS, MINPD },
                (f, a, b, e) -> minimumOrMaximum(f, a, b, e, true));
        defineFourForms(set, new Mnemonic[] { MAXSS, MAXSD, MAXPS, MAXPD },
                (f, a, b, e) -> minimumOrMaximum(f, a, b, e, false));
        set.define(withExceptions((i, x, e) -> compare(i, x, e, FloatFormat.SINGLE, false)), UCOMISS);
        set.define(withExceptions((i, x, e) -> compare(i, x, e, FloatFormat.DOUBLE, false)), UCOMISD);
        set.define(withExceptions((i, x, e) -> compare(i, x, e, FloatFormat.SINGLE, true)), COMISS);
        set.define(withExceptions((i, x, e) -> compare(i, x, e, FloatFormat.DOUBLE, true)), COMISD);
        set.define(withExceptions((i, x, e) -> convertFormat(i, x, e, FloatFormat.SINGLE, FloatFormat.DOUBLE)),
                CVTSS2SD);
        set.define(withExceptions((i, x, e) -> convertFormat(i, x, e, FloatFormat.DOUBLE, FloatFormat.SINGLE)),
                CVTSD2SS);
        set.define(withExceptions((i, x, e) -> fromInteger(i, x, e, FloatFormat.SINGLE)), CVTSI2SS);
        set.define(withExceptions((i, x, e) -> fromInteger(i, x, e, FloatFormat.DOUBLE)), CVTSI2SD);
        set.define(withExceptions((i, x, e) -> toInteger(i, x, e, FloatFormat.SINGLE, true)), CVTTSS2SI);
        set.define(withExceptions((i, x, e) -> toInteger(i, x, e, FloatFormat.DOUBLE, true)), CVTTSD2SI);
        set.define(withExceptions((i, x, e) -> toInteger(i, x, e, FloatFormat.SINGLE, false)), CVTSS2SI);
        set.define(withExceptions((i, x, e) -> toInteger(i, x, e, FloatFormat.DOUBLE, false)), CVTSD2SI);
    }

    /** {@code forms}: scalar single, scalar double, packed single, packed double. */
    private static void defineFourForms(InstructionSet set, Mnemonic[] forms, LaneOperation operation) {
        set.define(scalar(FloatFormat.SINGLE, operation), forms[0]);
        set.define(scalar(FloatFormat.DOUBLE, operation), forms[1]);
        set.define(packed(FloatFormat.SINGLE, operation), forms[2]);
        set.define(packed(FloatFormat.DOUBLE, operation), forms[3]);
    }

    // --- lane operations ---

    private static long arithmetic(Arithmetic operation, FloatFormat f, long a, long b, SimdFloatExceptions e) {
        if (f.isNaN(a) || f.isNaN(b)) {
            return propagateNaN(f, a, b, e);
        }
        double x = f.toDouble(a), y = f.toDouble(b);
        double value = operation.apply(x, y);
        // a lane reports its first pre-computation exception only: invalid, then divide-by-zero, then denormal
        if (Double.isNaN(value)) { // inf - inf, 0 * inf, 0 / 0, inf / inf
            e.raise(INVALID);
            return f.defaultNaN();
        }
        if (operation == Arithmetic.DIVIDE && y == 0 && !Double.isInfinite(x)) {
            e.raise(DIVIDE_BY_ZERO);
            return f.fromDouble(value);
        }
        raiseDenormal(f, e, a, b);
        if (Double.isInfinite(x) || Double.isInfinite(y)) {
            return f.fromDouble(value);
        }
        return rounded(f, value, r -> operation.isExact(x, y, r), e);
    }

    private static long squareRoot(FloatFormat f, long b, SimdFloatExceptions e) {
        if (f.isNaN(b)) {
            return propagateNaN(f, b, b, e);
        }
        double y = f.toDouble(b);
        if (y < 0) { // -0 is its own root; invalid outranks denormal
            e.raise(INVALID);
            return f.defaultNaN();
        }
        raiseDenormal(f, e, b);
        if (Double.isInfinite(y)) {
            return b;
        }
        return rounded(f, Math.sqrt(y), r -> new BigDecimal(r).pow(2).compareTo(new BigDecimal(y)) == 0, e);
    }

    /** MIN/MAX return the second operand, unquieted, whenever the comparison fails: a NaN or two zeros. */
    private static long minimumOrMaximum(FloatFormat f, long a, long b, SimdFloatExceptions e, boolean minimum) {
        if (f.isNaN(a) || f.isNaN(b)) {
            e.raise(INVALID);
            return b;
        }
        raiseDenormal(f, e, a, b);
        double x = f.toDouble(a), y = f.toDouble(b);
        return (minimum ? x < y : x > y) ? a : b;
    }

    /** A value of format {@code from} converted to format {@code to}. */
    private static long convertLane(FloatFormat from, FloatFormat to, long b, SimdFloatExceptions e) {
        if (from.isNaN(b)) {
            e.raise(from.isSignalingNaN(b) ? INVALID : 0);
            return to.convertNaN(b, from);
        }
        raiseDenormal(from, e, b);
        double y = from.toDouble(b);
        if (Double.isInfinite(y)) {
            return to.fromDouble(y);
        }
        return rounded(to, y, r -> r == y, e);
    }

    /** The SNaN and QNaN rules of SSE: the first operand's NaN, else the second's, quieted. */
    private static long propagateNaN(FloatFormat f, long a, long b, SimdFloatExceptions e) {
        if (f.isSignalingNaN(a) || f.isSignalingNaN(b)) {
            e.raise(INVALID);
        }
        return f.quiet(f.isNaN(a) ? a : b);
    }

    private static void raiseDenormal(FloatFormat f, SimdFloatExceptions e, long... operands) {
        for (long operand : operands) {
            if (f.isDenormal(operand)) {
                e.raise(DENORMAL);
            }
        }
    }

    /**
     * @return {@code value} (from finite operands) rounded to {@code f}, raising overflow,
     *         underflow (tiny and inexact, tininess judged on the rounded result) and precision
     */
    private static long rounded(FloatFormat f, double value, DoublePredicate isExact, SimdFloatExceptions e) {
        long result = f.fromDouble(value);
        double r = f.toDouble(result);
        if (Double.isInfinite(r)) {
            e.raise(OVERFLOW | PRECISION);
        } else if (!isExact.test(r)) {
            e.raise(PRECISION | (Math.abs(r) < f.minNormal() ? UNDERFLOW : 0));
        }
        return result;
    }

    // --- instructions ---

    /** The operation on lane 0, the destination's other lanes kept. */
    private static Semantic scalar(FloatFormat f, LaneOperation operation) {
        return onLanes(f, operation, 1);
    }

    private static Semantic packed(FloatFormat f, LaneOperation operation) {
        return onLanes(f, operation, 128 / f.bits);
    }

    private static Semantic onLanes(FloatFormat f, LaneOperation operation, int lanes) {
        return withExceptions((i, x, raised) -> {
            Operand destination = i.operands().get(0);
            Xmm d = SseSemantics.read(i, x, destination);
            Xmm s = SseSemantics.read(i, x, i.operands().get(1));
            Xmm result = d;
            for (int lane = 0; lane < lanes; lane++) {
                result = result.withLane(f.bits, lane, operation.apply(f, d.lane(f.bits, lane), s.lane(f.bits, lane),
                        raised));
            }
            SseSemantics.write(i, x, destination, result);
        });
    }

    /** #UD/#NM as for every SSE instruction, then {@code work}, then its raised flags made sticky in MXCSR. */
    private static Semantic withExceptions(FloatingPointWork work) {
        return (i, x) -> {
            SseSemantics.requireSseEnabled(x.cpu());
            SimdFloatExceptions raised = SimdFloatExceptions.begin(x.cpu());
            work.run(i, x, raised);
            raised.commit(x.cpu());
        };
    }

    /** Writes {@code value} into lane 0 of the destination register, its other lanes kept. */
    private static void writeLowLane(Instruction i, Execution x, FloatFormat f, long value) throws CpuException {
        Operand destination = i.operands().get(0);
        SseSemantics.write(i, x, destination, SseSemantics.read(i, x, destination).withLane(f.bits, 0, value));
    }

    /**
     * {@code (u)comiss}/{@code (u)comisd}: ZF, PF, CF as unordered 111, greater 000, less 001,
     * equal 100; OF, SF, AF cleared. {@code comis} signals invalid on any NaN, {@code ucomis} on SNaN.
     */
    private static void compare(Instruction i, Execution x, SimdFloatExceptions raised, FloatFormat f,
            boolean signalsOnQuietNaN) throws CpuException {
        long a = SseSemantics.read(i, x, i.operands().get(0)).lane(f.bits, 0);
        long b = SseSemantics.read(i, x, i.operands().get(1)).lane(f.bits, 0);
        long flags;
        if (f.isNaN(a) || f.isNaN(b)) {
            boolean signals = signalsOnQuietNaN || f.isSignalingNaN(a) || f.isSignalingNaN(b);
            raised.raise(signals ? INVALID : 0);
            flags = CpuState.ZF | CpuState.PF | CpuState.CF;
        } else {
            raiseDenormal(f, raised, a, b);
            double p = f.toDouble(a), q = f.toDouble(b);
            flags = p > q ? 0 : p < q ? CpuState.CF : CpuState.ZF;
        }
        Flags.update(x.cpu(), CpuState.STATUS_FLAGS, flags);
    }

    /** {@code cvtss2sd}/{@code cvtsd2ss}: lane 0 of the source converted into lane 0 of the destination. */
    private static void convertFormat(Instruction i, Execution x, SimdFloatExceptions raised, FloatFormat from,
            FloatFormat to) throws CpuException {
        long source = SseSemantics.read(i, x, i.operands().get(1)).lane(from.bits, 0);
        writeLowLane(i, x, to, convertLane(from, to, source, raised));
    }

    /** {@code cvtsi2ss}/{@code cvtsi2sd}: a signed 32- or 64-bit integer, rounded to nearest, into lane 0. */
    private static void fromInteger(Instruction i, Execution x, SimdFloatExceptions raised, FloatFormat f)
            throws CpuException {
        Operand source = i.operands().get(1);
        long value = Execution.signExtend(x.read(i, source), Execution.bits(i, source));
        long result = f == FloatFormat.SINGLE ? Float.floatToRawIntBits((float) value) & 0xFFFF_FFFFL
                : Double.doubleToRawLongBits((double) value);
        if (new BigDecimal(f.toDouble(result)).compareTo(BigDecimal.valueOf(value)) != 0) {
            raised.raise(PRECISION);
        }
        writeLowLane(i, x, f, result);
    }

    /**
     * {@code cvt(t)ss2si}/{@code cvt(t)sd2si}: lane 0 truncated or rounded to nearest-even; a NaN
     * or a value out of the destination's range gives the "integer indefinite" (only the sign bit).
     */
    private static void toInteger(Instruction i, Execution x, SimdFloatExceptions raised, FloatFormat f,
            boolean truncate) throws CpuException {
        Operand destination = i.operands().get(0);
        int bits = Execution.bits(i, destination);
        long b = SseSemantics.read(i, x, i.operands().get(1)).lane(f.bits, 0);
        double limit = Math.scalb(1.0, bits - 1);
        long result = 1L << (bits - 1);
        if (f.isNaN(b)) {
            raised.raise(INVALID);
        } else {
            double value = f.toDouble(b);
            double integral = truncate ? (value < 0 ? Math.ceil(value) : Math.floor(value)) : Math.rint(value);
            if (integral >= -limit && integral < limit) {
                result = (long) integral;
                raised.raise(integral != value ? PRECISION : 0);
            } else {
                raised.raise(INVALID);
            }
        }
        x.write(i, destination, result);
    }
}
