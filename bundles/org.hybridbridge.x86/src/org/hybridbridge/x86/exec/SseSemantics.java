package org.hybridbridge.x86.exec;

import static org.hybridbridge.x86.Mnemonic.*;

import java.util.EnumSet;
import java.util.Set;
import java.util.function.LongBinaryOperator;

import org.hybridbridge.x86.ImmediateOperand;
import org.hybridbridge.x86.Instruction;
import org.hybridbridge.x86.MemoryOperand;
import org.hybridbridge.x86.Mnemonic;
import org.hybridbridge.x86.Operand;
import org.hybridbridge.x86.RegisterKind;
import org.hybridbridge.x86.RegisterOperand;

/**
 * The SSE/SSE2 moves, logic and packed-integer operations of static glibc's string and memory
 * functions (and the SSSE3/SSE4.1 ones they may select, #UD unless the {@link CpuModel}
 * reports the extension, as QEMU's TCG decoder does). A 128-bit memory operand must be 16-byte
 * aligned (#GP) except for the explicitly unaligned moves. MMX registers are not modelled: an
 * MMX form stops the run. Floating-point arithmetic is
 * {@link FloatingPointSemantics}'.
 */
public final class SseSemantics {

    private static final long CR0_EM = 1L << 2, CR0_TS = 1L << 3, CR4_OSFXSR = 1L << 9;
    private static final Set<Mnemonic> UNALIGNED = EnumSet.of(MOVUPS, MOVUPD, MOVDQU);

    private SseSemantics() {
    }

    /** The operation of a two-operand instruction: destination and source in, result out. */
    @FunctionalInterface
    interface Binary {
        Xmm apply(Xmm destination, Xmm source, Instruction instruction);
    }

    public static void register(InstructionSet set, CpuModel model) {
        registerMoves(set);
        registerLogic(set);
        registerPackedInteger(set);
        registerShuffles(set);
        registerShifts(set);
        registerMasks(set);
        registerExtensions(set, model);
        PackedArithmeticSemantics.register(set, model);
        FloatingPointSemantics.register(set);
    }

    /** #UD if SSE is off (CR0.EM set or CR4.OSFXSR clear), #NM if CR0.TS is set. */
    static void requireSseEnabled(CpuState cpu) throws CpuException {
        if ((cpu.cr(0) & CR0_EM) != 0 || (cpu.cr(4) & CR4_OSFXSR) == 0) {
            throw CpuException.invalidOpcode("SSE instruction with CR0.EM set or CR4.OSFXSR clear");
        }
        if ((cpu.cr(0) & CR0_TS) != 0) {
            throw CpuException.of(CpuException.NM, null, "#NM: SSE instruction with CR0.TS set");
        }
    }

    private static void registerMoves(InstructionSet set) {
        set.define((i, x) -> {
            requireSseEnabled(x.cpu());
            write(i, x, i.operands().get(0), read(i, x, i.operands().get(1)));
        }, MOVAPS, MOVAPD, MOVDQA, MOVUPS, MOVUPD, MOVDQU, MOVNTDQ, MOVNTPS);
        set.define(SseSemantics::moveInteger, MOVD, MOVQ);
        set.define((i, x) -> moveScalar(i, x, 32), MOVSS);
        set.define((i, x) -> moveScalar(i, x, 64), MOVSD);
        set.define((i, x) -> moveHalf(i, x, 0), MOVLPS, MOVLPD);
        set.define((i, x) -> moveHalf(i, x, 1), MOVHPS, MOVHPD);
        set.define(binary((d, s, i) -> new Xmm(s.high(), d.high())), MOVHLPS);
        set.define(binary((d, s, i) -> new Xmm(d.low(), s.low())), MOVLHPS);
    }

    private static void registerLogic(InstructionSet set) {
        set.define(binary((d, s, i) -> new Xmm(d.low() ^ s.low(), d.high() ^ s.high())), PXOR, XORPS, XORPD);
        set.define(binary((d, s, i) -> new Xmm(d.low() | s.low(), d.high() | s.high())), POR, ORPS, ORPD);
        set.define(binary((d, s, i) -> new Xmm(d.low() & s.low(), d.high() & s.high())), PAND, ANDPS, ANDPD);
        set.define(binary((d, s, i) -> new Xmm(~d.low() & s.low(), ~d.high() & s.high())), PANDN, ANDNPS, ANDNPD);
    }

    private static void registerPackedInteger(InstructionSet set) {
        LongBinaryOperator add = Long::sum;
        LongBinaryOperator subtract = (a, b) -> a - b;
        int[] widths = { 8, 16, 32, 64 };
        Mnemonic[] adds = { PADDB, PADDW, PADDD, PADDQ };
        Mnemonic[] subtracts = { PSUBB, PSUBW, PSUBD, PSUBQ };
        for (int w = 0; w < widths.length; w++) {
            set.define(lanewise(widths[w], add), adds[w]);
            set.define(lanewise(widths[w], subtract), subtracts[w]);
        }
        set.define(compareEqual(8), PCMPEQB);
        set.define(compareEqual(16), PCMPEQW);
        set.define(compareEqual(32), PCMPEQD);
        set.define(compareGreater(8), PCMPGTB);
        set.define(compareGreater(16), PCMPGTW);
        set.define(compareGreater(32), PCMPGTD);
        set.define(lanewise(8, Math::min), PMINUB); // lanes are zero-extended, so signed min is unsigned min
        set.define(lanewise(8, Math::max), PMAXUB);
    }

    private static void registerShuffles(InstructionSet set) {
        int[] widths = { 8, 16, 32, 64 };
        Mnemonic[] lows = { PUNPCKLBW, PUNPCKLWD, PUNPCKLDQ, PUNPCKLQDQ };
        Mnemonic[] highs = { PUNPCKHBW, PUNPCKHWD, PUNPCKHDQ, PUNPCKHQDQ };
        for (int w = 0; w < widths.length; w++) {
            set.define(unpack(widths[w], 0), lows[w]);
            set.define(unpack(widths[w], 1), highs[w]);
        }
        set.define(unpack(32, 0), UNPCKLPS);
        set.define(unpack(32, 1), UNPCKHPS);
        set.define(unpack(64, 0), UNPCKLPD);
        set.define(unpack(64, 1), UNPCKHPD);
        set.define(binary((d, s, i) -> {
            int order = immediate(i);
            return Xmm.gather(32, lane -> s.lane(32, order >>> (2 * lane) & 3));
        }), PSHUFD);
        set.define(binary((d, s, i) -> shuffleWords(s, immediate(i), 0)), PSHUFLW);
        set.define(binary((d, s, i) -> shuffleWords(s, immediate(i), 4)), PSHUFHW);
        set.define(binary((d, s, i) -> {
            int order = immediate(i);
            return new Xmm(d.lane(32, order & 3) | d.lane(32, order >>> 2 & 3) << 32,
                    s.lane(32, order >>> 4 & 3) | s.lane(32, order >>> 6 & 3) << 32);
        }), SHUFPS);
        set.define(binary((d, s, i) -> {
            int order = immediate(i);
            return new Xmm((order & 1) == 0 ? d.low() : d.high(), (order & 2) == 0 ? s.low() : s.high());
        }), SHUFPD);
    }

    private static void registerShifts(InstructionSet set) {
        set.define(shift(16, (v, n) -> v << n, false), PSLLW);
        set.define(shift(32, (v, n) -> v << n, false), PSLLD);
        set.define(shift(64, (v, n) -> v << n, false), PSLLQ);
        set.define(shift(16, (v, n) -> v >>> n, false), PSRLW);
        set.define(shift(32, (v, n) -> v >>> n, false), PSRLD);
        set.define(shift(64, (v, n) -> v >>> n, false), PSRLQ);
        set.define(shift(16, (v, n) -> Execution.signExtend(v, 16) >> n, true), PSRAW);
        set.define(shift(32, (v, n) -> Execution.signExtend(v, 32) >> n, true), PSRAD);
        set.define(binary((d, s, i) -> shiftBytes(d, -immediate(i))), PSLLDQ);
        set.define(binary((d, s, i) -> shiftBytes(d, immediate(i))), PSRLDQ);
    }

    private static void registerMasks(InstructionSet set) {
        set.define((i, x) -> writeMask(i, x, 8), PMOVMSKB);
        set.define((i, x) -> writeMask(i, x, 32), MOVMSKPS);
        set.define((i, x) -> writeMask(i, x, 64), MOVMSKPD);
        set.define((i, x) -> {
            requireSseEnabled(x.cpu());
            Xmm source = read(i, x, i.operands().get(1));
            x.write(i, i.operands().get(0), source.lane(16, immediate(i) & 7));
        }, PEXTRW);
        set.define((i, x) -> {
            requireSseEnabled(x.cpu());
            // the decoder's Ed reads 32 bits of a register; from memory pinsrw reads only its word
            Operand source = i.operands().get(1);
            long word = source instanceof MemoryOperand m
                    ? x.memory(MemoryRole.OPERAND).read(x.effectiveAddress(i, m), 2)
                    : x.read(i, source);
            Operand destination = i.operands().get(0);
            write(i, x, destination, read(i, x, destination).withLane(16, immediate(i) & 7, word));
        }, PINSRW);
    }

    /** SSSE3 and SSE4.1: present only if the CPU model reports them (QEMU's qemu64 does not). */
    private static void registerExtensions(InstructionSet set, CpuModel model) {
        set.define(CpuFeature.SSSE3.requiredBy(model, binary((d, s, i) -> Xmm.gather(8, lane -> {
            long selector = s.lane(8, lane);
            return (selector & 0x80) != 0 ? 0 : d.lane(8, (int) selector & 15);
        }))), PSHUFB);
        set.define(CpuFeature.SSSE3.requiredBy(model, binary((d, s, i) -> {
            int shift = immediate(i);
            return Xmm.gather(8, lane -> {
                int from = lane + shift; // the 32 bytes destination:source, source in the low half
                return from < 16 ? s.lane(8, from) : from < 32 ? d.lane(8, from - 16) : 0;
            });
        })), PALIGNR);
        set.define(CpuFeature.SSE4_1.requiredBy(model, lanewise(32, Long::min)), PMINUD);
        set.define(CpuFeature.SSE4_1.requiredBy(model, lanewise(32, Long::max)), PMAXUD);
        set.define(CpuFeature.SSE4_1.requiredBy(model, compareEqual(64)), PCMPEQQ);
        set.define(CpuFeature.SSE4_1.requiredBy(model, SseSemantics::ptest), PTEST);
    }

    // --- building blocks ---

    /** {@code op dst, src}: the destination register gets {@code op(dst, src)}. */
    static Semantic binary(Binary op) {
        return (i, x) -> {
            requireSseEnabled(x.cpu());
            Operand destination = i.operands().get(0);
            Xmm result = op.apply(read(i, x, destination), read(i, x, i.operands().get(1)), i);
            write(i, x, destination, result);
        };
    }

    static Semantic lanewise(int bits, LongBinaryOperator op) {
        return binary((d, s, i) -> Xmm.lanewise(d, s, bits, op));
    }

    private static Semantic compareEqual(int bits) {
        return lanewise(bits, (a, b) -> a == b ? -1 : 0);
    }

    private static Semantic compareGreater(int bits) {
        return lanewise(bits, (a, b) -> Execution.signExtend(a, bits) > Execution.signExtend(b, bits) ? -1 : 0);
    }

    /** Interleaves the lanes of the low ({@code half} 0) or high (1) halves of destination and source. */
    private static Semantic unpack(int bits, int half) {
        int perHalf = 64 / bits;
        return binary((d, s, i) -> Xmm.gather(bits,
                lane -> (lane % 2 == 0 ? d : s).lane(bits, half * perHalf + lane / 2)));
    }

    /** The four words from {@code firstWord} on, shuffled among themselves; the other four kept. */
    private static Xmm shuffleWords(Xmm source, int order, int firstWord) {
        return Xmm.gather(16, word -> word < firstWord || word >= firstWord + 4 ? source.lane(16, word)
                : source.lane(16, firstWord + (order >>> (2 * (word - firstWord)) & 3)));
    }

    /**
     * A packed shift by the source (XMM or m128: its low 64 bits) or an immediate; a count at
     * or beyond the lane width clears the lane, or fills it with its sign for arithmetic shifts.
     */
    private static Semantic shift(int bits, LongBinaryOperator op, boolean arithmetic) {
        return binary((d, s, i) -> {
            long count = s.low();
            boolean tooFar = Long.compareUnsigned(count, bits - 1) > 0;
            if (tooFar && !arithmetic) {
                return Xmm.ZERO;
            }
            int n = tooFar ? bits - 1 : (int) count;
            return Xmm.lanewise(d, Xmm.ZERO, bits, (v, unused) -> op.applyAsLong(v, n));
        });
    }

    /** Shifts the whole register by {@code bytes} (right if positive, left if negative), filling with zeros. */
    private static Xmm shiftBytes(Xmm value, int bytes) {
        return Xmm.gather(8, lane -> {
            int from = lane + Math.max(Math.min(bytes, 16), -16);
            return from >= 0 && from < 16 ? value.lane(8, from) : 0;
        });
    }

    private static void writeMask(Instruction i, Execution x, int bits) throws CpuException {
        requireSseEnabled(x.cpu());
        Xmm source = read(i, x, i.operands().get(1));
        long mask = 0;
        for (int lane = 0; lane < 128 / bits; lane++) {
            mask |= (source.lane(bits, lane) >>> (bits - 1)) << lane;
        }
        x.write(i, i.operands().get(0), mask);
    }

    private static void ptest(Instruction i, Execution x) throws CpuException {
        requireSseEnabled(x.cpu());
        Xmm d = read(i, x, i.operands().get(0));
        Xmm s = read(i, x, i.operands().get(1));
        CpuState cpu = x.cpu();
        cpu.setRflags(cpu.rflags() & ~CpuState.STATUS_FLAGS);
        cpu.setFlag(CpuState.ZF, (d.low() & s.low() | d.high() & s.high()) == 0);
        cpu.setFlag(CpuState.CF, (~d.low() & s.low() | ~d.high() & s.high()) == 0);
    }

    /**
     * {@code movd}/{@code movq} between an XMM register and a general-purpose register or
     * memory, and {@code movq} between XMM registers or from m64: a load zero-extends into
     * the whole XMM register, a store takes its low 32 or 64 bits.
     */
    private static void moveInteger(Instruction i, Execution x) throws CpuException {
        requireSseEnabled(x.cpu());
        Operand destination = i.operands().get(0);
        Operand source = i.operands().get(1);
        if (isXmm(destination)) {
            long value = isXmm(source) ? read(i, x, source).low() : x.read(i, rejectMmx(source));
            write(i, x, destination, new Xmm(value, 0));
        } else {
            x.write(i, rejectMmx(destination), read(i, x, source).low());
        }
    }

    /** {@code movss}/{@code movsd}: a load from memory zeroes the rest, register to register merges. */
    private static void moveScalar(Instruction i, Execution x, int bits) throws CpuException {
        requireSseEnabled(x.cpu());
        Operand destination = i.operands().get(0);
        Operand source = i.operands().get(1);
        if (!isXmm(destination)) {
            x.write(i, destination, read(i, x, source).lane(bits, 0));
        } else if (!isXmm(source)) {
            write(i, x, destination, Xmm.ZERO.withLane(bits, 0, x.read(i, source)));
        } else {
            write(i, x, destination, read(i, x, destination).withLane(bits, 0, read(i, x, source).low()));
        }
    }

    /** {@code movlps}/{@code movhps} and the pd forms: one 64-bit half to or from memory. */
    private static void moveHalf(Instruction i, Execution x, int half) throws CpuException {
        requireSseEnabled(x.cpu());
        Operand destination = i.operands().get(0);
        Operand source = i.operands().get(1);
        if (isXmm(destination)) {
            write(i, x, destination, read(i, x, destination).withLane(64, half, x.read(i, source)));
        } else {
            x.write(i, destination, read(i, x, source).lane(64, half));
        }
    }

    // --- operands ---

    private static boolean isXmm(Operand operand) {
        return operand instanceof RegisterOperand r && r.register().kind() == RegisterKind.XMM;
    }

    private static Operand rejectMmx(Operand operand) {
        if (operand instanceof RegisterOperand r && r.register().kind() == RegisterKind.MMX) {
            throw new EngineError("MMX register " + r.register().attName() + ": the engine does not model MMX");
        }
        return operand;
    }

    private static int immediate(Instruction instruction) {
        Operand last = instruction.operands().get(instruction.operands().size() - 1);
        return (int) ((ImmediateOperand) last).unsignedValue();
    }

    /**
     * @return an XMM register, a 128-bit memory operand (aligned unless the instruction is an
     *         unaligned move), a narrower memory operand or an immediate zero-extended into the
     *         low lanes
     */
    static Xmm read(Instruction i, Execution x, Operand operand) throws CpuException {
        return switch (rejectMmx(operand)) {
            case RegisterOperand r when r.register().kind() == RegisterKind.XMM -> x.cpu().xmm(r.register().number());
            case MemoryOperand m when m.bits() == 128 -> read(x.memory(MemoryRole.OPERAND), alignedAddress(i, x, m));
            default -> new Xmm(x.read(i, operand), 0);
        };
    }

    static void write(Instruction i, Execution x, Operand operand, Xmm value) throws CpuException {
        switch (rejectMmx(operand)) {
            case RegisterOperand r when r.register().kind() == RegisterKind.XMM ->
                x.cpu().setXmm(r.register().number(), value);
            case MemoryOperand m when m.bits() == 128 -> write(x.memory(MemoryRole.OPERAND), alignedAddress(i, x, m), value);
            default -> x.write(i, operand, value.low());
        }
    }

    /**
     * 16 bytes within a page as two quadwords (no array); across a page boundary as one access of
     * 16 bytes, so that both pages are checked before any byte moves (and a fault reports the
     * address it always has).
     */
    private static Xmm read(LinearMemory memory, long address) throws CpuException {
        if (withinPage(address)) {
            return new Xmm(memory.read(address, 8), memory.read(address + 8, 8));
        }
        byte[] bytes = new byte[16];
        memory.read(address, bytes);
        return Xmm.fromBytes(bytes);
    }

    /** As {@link #read(LinearMemory, long)}: a write across pages writes nothing if either faults. */
    private static void write(LinearMemory memory, long address, Xmm value) throws CpuException {
        if (withinPage(address)) {
            memory.write(address, 8, value.low());
            memory.write(address + 8, 8, value.high());
        } else {
            memory.write(address, value.toBytes());
        }
    }

    private static boolean withinPage(long address) {
        return (address & 0xFFF) <= 0x1000 - 16;
    }

    private static long alignedAddress(Instruction i, Execution x, MemoryOperand m) throws CpuException {
        long address = x.effectiveAddress(i, m);
        if ((address & 15) != 0 && !UNALIGNED.contains(i.mnemonic())) {
            throw CpuException.generalProtection(0,
                    String.format("%s: 128-bit operand at %#x is not 16-byte aligned", i.mnemonic(), address));
        }
        return address;
    }
}
