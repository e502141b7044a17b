package org.hybridbridge.x86.exec;

import static org.hybridbridge.x86.Mnemonic.*;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import org.hybridbridge.x86.Instruction;
import org.hybridbridge.x86.MemoryOperand;

/**
 * The x87 instructions the kernel's FPU paths run on an AMD-vendor CPU ({@code fnclex; emms;
 * fildl} before a restore, see {@code X87Opcodes}, and {@code fwait} in {@code fpu__drop}) and
 * glibc's control-word store and load ({@code fnstcw}, {@code fldcw}), on the x87 state as FXSAVE lays it out
 * ({@link CpuState#x87()}). Like QEMU, {@code fildl} records its opcode, its address (FIP) and
 * its operand's (FDP). A pending x87 exception or a stack overflow stops the run: the engine
 * models neither.
 */
final class X87Semantics {

    private static final long CR0_MP = 1L << 1, CR0_EM = 1L << 2, CR0_TS = 1L << 3;
    private static final int FCW = 0, FSW = 2, FTW = 4, FOP = 6, FIP = 8, FDP = 16, ST0 = 32;
    /** FSW: exception flags, stack fault and error summary (bits 0..7) and busy (bit 15). */
    private static final int FSW_EXCEPTIONS = 0x80FF, FSW_ERROR_SUMMARY = 0x80, FSW_C1 = 0x200,
            FSW_TOP_SHIFT = 11;
    private static final int EXPONENT_BIAS = 16383;

    private X87Semantics() {
    }

    static void register(InstructionSet set) {
        set.define((i, x) -> {
            ByteBuffer state = state(x.cpu());
            state.putShort(FSW, (short) (state.getShort(FSW) & ~FSW_EXCEPTIONS));
            x.cpu().setX87(state.array());
        }, FNCLEX);
        set.define(X87Semantics::emms, EMMS);
        set.define(X87Semantics::fwait, FWAIT);
        set.define(X87Semantics::fild, FILD);
        set.define((i, x) -> x.write(i, i.operands().get(0), state(x.cpu()).getShort(FCW) & 0xFFFF), FNSTCW);
        set.define(X87Semantics::fldcw, FLDCW);
    }

    /** #NM if CR0.EM or CR0.TS is set, as for every x87 instruction. */
    private static ByteBuffer state(CpuState cpu) throws CpuException {
        if ((cpu.cr(0) & (CR0_EM | CR0_TS)) != 0) {
            throw CpuException.of(CpuException.NM, null, "#NM: x87 instruction with CR0.EM or CR0.TS set");
        }
        return ByteBuffer.wrap(cpu.x87()).order(ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * {@code emms}: every register empty and TOP 0, as the CPU and QEMU do (#UD with CR0.EM, #NM
     * with CR0.TS). The registers keep their contents, so their TOP-relative images rotate.
     */
    private static void emms(Instruction instruction, Execution x) throws CpuException {
        if ((x.cpu().cr(0) & CR0_EM) != 0) {
            throw CpuException.invalidOpcode("emms with CR0.EM set");
        }
        ByteBuffer state = state(x.cpu());
        int fsw = state.getShort(FSW) & 0xFFFF;
        int top = fsw >>> FSW_TOP_SHIFT & 7;
        byte[] registers = new byte[8 * 16];
        state.get(ST0, registers);
        for (int physical = 0; physical < 8; physical++) {
            // old ST(j) is physical register (top + j) mod 8, new ST(i) is physical register i
            state.put(ST0 + 16 * physical, registers, 16 * (physical - top & 7), 16);
        }
        state.putShort(FSW, (short) (fsw & ~(7 << FSW_TOP_SHIFT)));
        state.put(FTW, (byte) 0);
        x.cpu().setX87(state.array());
    }

    /**
     * {@code fldcw}: a new control word. Unmasking an exception whose flag is already set makes
     * it pending, which the engine does not model.
     */
    private static void fldcw(Instruction instruction, Execution x) throws CpuException {
        ByteBuffer state = state(x.cpu());
        int fcw = (int) x.read(instruction, instruction.operands().get(0));
        if ((state.getShort(FSW) & ~fcw & 0x3F) != 0) {
            throw new EngineError(String.format("fldcw %#x unmasks a raised x87 exception: not modelled", fcw));
        }
        state.putShort(FCW, (short) fcw);
        x.cpu().setX87(state.array());
    }

    /** {@code fwait}: #NM with CR0.MP and CR0.TS, and a pending x87 exception would be reported here. */
    private static void fwait(Instruction instruction, Execution x) throws CpuException {
        CpuState cpu = x.cpu();
        if ((cpu.cr(0) & (CR0_MP | CR0_TS)) == (CR0_MP | CR0_TS)) {
            throw CpuException.of(CpuException.NM, null, "#NM: fwait with CR0.MP and CR0.TS set");
        }
        requireNoPendingException(cpu, instruction);
    }

    private static void requireNoPendingException(CpuState cpu, Instruction instruction) {
        int fsw = (cpu.x87()[FSW] & 0xFF) | (cpu.x87()[FSW + 1] & 0xFF) << 8;
        if ((fsw & FSW_ERROR_SUMMARY) != 0) {
            throw new EngineError(String.format("%s at %#x with an x87 exception pending (#MF): not emulated",
                    instruction.mnemonic(), instruction.address()));
        }
    }

    /** {@code fildl m32}: pushes the integer, exactly, as an 80-bit extended value. */
    private static void fild(Instruction instruction, Execution x) throws CpuException {
        CpuState cpu = x.cpu();
        ByteBuffer state = state(cpu);
        requireNoPendingException(cpu, instruction);
        int fsw = state.getShort(FSW) & 0xFFFF;
        MemoryOperand operand = (MemoryOperand) instruction.operands().get(0);
        long address = x.effectiveAddress(instruction, operand);
        int value = (int) x.memory(MemoryRole.OPERAND).read(address, 4);
        int top = (fsw >>> FSW_TOP_SHIFT) - 1 & 7;
        int tags = state.get(FTW) & 0xFF;
        if ((tags & 1 << top) != 0) {
            throw new EngineError(String.format("fildl at %#x overflows the x87 stack: not emulated",
                    instruction.address()));
        }
        // ST(i) are stored relative to TOP: the pushed value becomes ST(0), ST(7) falls off
        byte[] registers = new byte[8 * 16];
        state.get(ST0, registers, 0, 7 * 16);
        state.put(ST0 + 16, registers, 0, 7 * 16);
        state.put(ST0, new byte[16]);
        state.putLong(ST0, extendedSignificand(value)).putShort(ST0 + 8, (short) extendedSignAndExponent(value));
        state.putShort(FSW, (short) (fsw & ~(7 << FSW_TOP_SHIFT | FSW_C1) | top << FSW_TOP_SHIFT));
        state.put(FTW, (byte) (tags | 1 << top));
        byte[] bytes = instruction.bytes();
        int opcodeIndex = instruction.prefixes().legacyBytes().size() + (instruction.prefixes().hasRex() ? 1 : 0);
        state.putShort(FOP, (short) ((bytes[opcodeIndex] & 7) << 8 | bytes[opcodeIndex + 1] & 0xFF));
        state.putLong(FIP, instruction.address());
        state.putLong(FDP, address);
        cpu.setX87(state.array());
    }

    private static long extendedSignificand(int value) {
        long magnitude = Math.abs((long) value);
        return magnitude << Long.numberOfLeadingZeros(magnitude); // the explicit integer bit ends at bit 63
    }

    private static int extendedSignAndExponent(int value) {
        if (value == 0) {
            return 0;
        }
        long magnitude = Math.abs((long) value);
        int exponent = EXPONENT_BIAS + 63 - Long.numberOfLeadingZeros(magnitude);
        return (value < 0 ? 0x8000 : 0) | exponent;
    }
}
