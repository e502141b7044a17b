package org.hybridbridge.x86.exec;

import java.util.Arrays;
import java.util.function.Consumer;

import org.hybridbridge.x86.Instruction;
import org.hybridbridge.x86.Mnemonic;

/**
 * The x87 instructions the guests' kernel executes, on the FXSAVE image of {@link CpuState#x87()}:
 * {@code fninit} and {@code fnclex} when it resets the FPU, and on CPUs with the FXSAVE leak
 * (AMD vendor, as the guests' {@code qemu64} model reports) the {@code fnclex; emms; fildl}
 * sequence of {@code restore_fpregs_from_fpstate} that scrubs FIP/FDP before {@code fxrstor}.
 * No x87 exception is ever unmasked by that code, so none is raised.
 */
final class X87Semantics {

    private static final int FSW = 2;
    private static final int ABRIDGED_FTW = 4;
    private static final int ST0 = 32;
    private static final int REGISTER_SLOT = 16;
    private static final int REGISTERS = 8;
    private static final int TOP_SHIFT = 11;
    private static final int TOP_MASK = 7 << TOP_SHIFT;
    /** FSW bits FNCLEX clears: the exception flags, stack fault, error summary and busy. */
    private static final int EXCEPTION_BITS = 0x80FF;
    private static final int EXPONENT_BIAS = 16383;

    private X87Semantics() {
    }

    static void register(InstructionSet set) {
        set.define((instruction, execution) -> update(execution, state -> setFsw(state, fsw(state) & ~EXCEPTION_BITS)),
                Mnemonic.FNCLEX);
        set.define((instruction, execution) -> execution.cpu().setX87(CpuState.initialX87()), Mnemonic.FNINIT);
        set.define((instruction, execution) -> update(execution, X87Semantics::emms), Mnemonic.EMMS);
        set.define((instruction, execution) -> { }, Mnemonic.FWAIT);
        set.define(X87Semantics::fild, Mnemonic.FILD);
    }

    /** FILD m32int: push the integer, converted exactly to extended precision. */
    private static void fild(Instruction instruction, Execution execution) throws CpuException {
        int value = (int) execution.read(instruction, instruction.operands().get(0));
        update(execution, state -> {
            int top = top(state) - 1 & 7;
            System.arraycopy(state, ST0, state, ST0 + REGISTER_SLOT, (REGISTERS - 1) * REGISTER_SLOT);
            Arrays.fill(state, ST0, ST0 + REGISTER_SLOT, (byte) 0);
            writeExtended(state, ST0, value);
            setFsw(state, fsw(state) & ~TOP_MASK | top << TOP_SHIFT);
            state[ABRIDGED_FTW] |= (byte) (1 << top);
        });
    }

    /**
     * EMMS: every tag empty and, as the CPU does (measured: FSW reads 0 after it), TOP = 0, so
     * ST(i) becomes the physical register R(i): the FXSAVE image, in stack order, rotates.
     */
    private static void emms(byte[] state) {
        int top = top(state);
        byte[] registers = Arrays.copyOfRange(state, ST0, ST0 + REGISTERS * REGISTER_SLOT);
        for (int i = 0; i < REGISTERS; i++) {
            int oldSlot = i - top & 7;
            System.arraycopy(registers, oldSlot * REGISTER_SLOT, state, ST0 + i * REGISTER_SLOT, REGISTER_SLOT);
        }
        setFsw(state, fsw(state) & ~TOP_MASK);
        state[ABRIDGED_FTW] = 0;
    }

    private static int top(byte[] state) {
        return (fsw(state) & TOP_MASK) >> TOP_SHIFT;
    }

    /** Writes {@code value} as an 80-bit extended-precision number (64-bit significand with explicit integer bit). */
    private static void writeExtended(byte[] state, int at, int value) {
        if (value == 0) {
            return;
        }
        long magnitude = Math.abs((long) value);
        int shift = Long.numberOfLeadingZeros(magnitude);
        long significand = magnitude << shift;
        int exponent = EXPONENT_BIAS + 63 - shift | (value < 0 ? 0x8000 : 0);
        for (int i = 0; i < 8; i++) {
            state[at + i] = (byte) (significand >>> (8 * i));
        }
        state[at + 8] = (byte) exponent;
        state[at + 9] = (byte) (exponent >>> 8);
    }

    private static int fsw(byte[] state) {
        return (state[FSW] & 0xFF) | (state[FSW + 1] & 0xFF) << 8;
    }

    private static void setFsw(byte[] state, int fsw) {
        state[FSW] = (byte) fsw;
        state[FSW + 1] = (byte) (fsw >>> 8);
    }

    private static void update(Execution execution, Consumer<byte[]> change) {
        byte[] state = execution.cpu().x87();
        change.accept(state);
        execution.cpu().setX87(state);
    }
}
