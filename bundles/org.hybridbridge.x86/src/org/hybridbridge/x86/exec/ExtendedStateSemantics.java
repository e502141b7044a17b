package org.hybridbridge.x86.exec;

import static org.hybridbridge.x86.Mnemonic.*;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import org.hybridbridge.x86.Instruction;
import org.hybridbridge.x86.MemoryOperand;

/**
 * Saving and restoring the FPU/SSE state as the kernel's context switch does:
 * {@code fxsave}/{@code fxrstor} (both forms), {@code ldmxcsr}/{@code stmxcsr},
 * {@code xgetbv}/{@code xsetbv}. The x87 part is kept as the bytes of the FXSAVE image
 * ({@link CpuState#x87()}); the engine runs no x87 instruction, so it only moves them. The
 * XSAVE family raises #UD unless the CPU model reports XSAVE, and stops the run if it does:
 * the engine does not implement the XSAVE area.
 */
final class ExtendedStateSemantics {

    private static final int RAX = 0, RCX = 1, RDX = 2;
    private static final int FXSAVE_BYTES = 512, MXCSR_OFFSET = 24, XMM_OFFSET = 160;
    /** The MXCSR bits FXSAVE reports as writable (QEMU stores 0x0000FFFF). */
    static final int MXCSR_MASK = 0xFFFF;
    private static final long CR4_OSFXSR = 1L << 9, CR4_OSXSAVE = 1L << 18;

    static void register(InstructionSet set) {
        set.define(ExtendedStateSemantics::fxsave, FXSAVE, FXSAVE64);
        set.define(ExtendedStateSemantics::fxrstor, FXRSTOR, FXRSTOR64);
        set.define(ExtendedStateSemantics::ldmxcsr, LDMXCSR);
        set.define(ExtendedStateSemantics::stmxcsr, STMXCSR);
        set.define(ExtendedStateSemantics::xgetbv, XGETBV);
        set.define(ExtendedStateSemantics::xsetbv, XSETBV);
        set.define(ExtendedStateSemantics::xsave, XSAVE, XSAVE64, XRSTOR, XRSTOR64, XSAVEOPT, XSAVEOPT64, XSAVEC,
                XSAVEC64, XSAVES, XSAVES64, XRSTORS, XRSTORS64);
    }

    private static long alignedArea(Instruction instruction, Execution x) throws CpuException {
        CpuState cpu = x.cpu();
        SseSemantics.requireSseEnabled(cpu);
        long address = x.effectiveAddress(instruction, (MemoryOperand) instruction.operands().get(0));
        if ((address & 15) != 0) {
            throw CpuException.generalProtection(0, String.format("%s area %#x not 16-byte aligned",
                    instruction.mnemonic(), address));
        }
        return address;
    }

    /** Like QEMU: MXCSR and the XMM registers are saved only when CR4.OSFXSR is set. */
    private static void fxsave(Instruction instruction, Execution x) throws CpuException {
        CpuState cpu = x.cpu();
        long address = alignedArea(instruction, x);
        LinearMemory memory = x.memory(MemoryRole.OPERAND);
        byte[] image = new byte[FXSAVE_BYTES];
        memory.read(address, image); // the reserved tail (416..511) is left as it was in memory
        System.arraycopy(cpu.x87(), 0, image, 0, CpuState.X87_STATE_BYTES);
        ByteBuffer buffer = ByteBuffer.wrap(image).order(ByteOrder.LITTLE_ENDIAN);
        boolean sse = (cpu.cr(4) & CR4_OSFXSR) != 0;
        buffer.putInt(MXCSR_OFFSET, sse ? cpu.mxcsr() : 0);
        buffer.putInt(MXCSR_OFFSET + 4, sse ? MXCSR_MASK : 0);
        if (sse) {
            for (int n = 0; n < 16; n++) {
                buffer.putLong(XMM_OFFSET + 16 * n, cpu.xmm(n, 0));
                buffer.putLong(XMM_OFFSET + 16 * n + 8, cpu.xmm(n, 1));
            }
        }
        memory.write(address, image);
    }

    private static void fxrstor(Instruction instruction, Execution x) throws CpuException {
        CpuState cpu = x.cpu();
        long address = alignedArea(instruction, x);
        byte[] image = new byte[FXSAVE_BYTES];
        x.memory(MemoryRole.OPERAND).read(address, image);
        ByteBuffer buffer = ByteBuffer.wrap(image).order(ByteOrder.LITTLE_ENDIAN);
        boolean sse = (cpu.cr(4) & CR4_OSFXSR) != 0;
        int mxcsr = buffer.getInt(MXCSR_OFFSET);
        if (sse && (mxcsr & ~MXCSR_MASK) != 0) {
            throw CpuException.generalProtection(0, String.format("fxrstor with reserved MXCSR bits %#x", mxcsr));
        }
        byte[] x87 = new byte[CpuState.X87_STATE_BYTES];
        System.arraycopy(image, 0, x87, 0, x87.length);
        cpu.setX87(x87);
        if (sse) {
            cpu.setMxcsr(mxcsr);
            for (int n = 0; n < 16; n++) {
                cpu.setXmm(n, 0, buffer.getLong(XMM_OFFSET + 16 * n));
                cpu.setXmm(n, 1, buffer.getLong(XMM_OFFSET + 16 * n + 8));
            }
        }
    }

    private static void ldmxcsr(Instruction instruction, Execution x) throws CpuException {
        CpuState cpu = x.cpu();
        SseSemantics.requireSseEnabled(cpu);
        int value = (int) x.read(instruction, instruction.operands().get(0));
        if ((value & ~MXCSR_MASK) != 0) {
            throw CpuException.generalProtection(0, String.format("ldmxcsr with reserved bits %#x", value));
        }
        cpu.setMxcsr(value);
    }

    private static void stmxcsr(Instruction instruction, Execution x) throws CpuException {
        CpuState cpu = x.cpu();
        SseSemantics.requireSseEnabled(cpu);
        x.write(instruction, instruction.operands().get(0), cpu.mxcsr() & 0xFFFF_FFFFL);
    }

    private static void xgetbv(Instruction instruction, Execution x) throws CpuException {
        CpuState cpu = x.cpu();
        requireOsXsave(cpu, instruction);
        if ((int) cpu.gpr(RCX) != 0) {
            throw CpuException.generalProtection(0, "xgetbv of XCR" + (int) cpu.gpr(RCX));
        }
        cpu.setGpr(RAX, cpu.xcr0() & 0xFFFF_FFFFL);
        cpu.setGpr(RDX, cpu.xcr0() >>> 32);
    }

    private static void xsetbv(Instruction instruction, Execution x) throws CpuException {
        CpuState cpu = x.cpu();
        requireOsXsave(cpu, instruction);
        long value = cpu.gpr(RDX) << 32 | cpu.gpr(RAX) & 0xFFFF_FFFFL;
        CpuidResult supported = x.machine().model().cpuid(0xD, 0);
        long supportedMask = (supported.edx() & 0xFFFF_FFFFL) << 32 | supported.eax() & 0xFFFF_FFFFL;
        if (cpu.cpl() != 0 || (int) cpu.gpr(RCX) != 0 || (value & 1) == 0 || (value & ~supportedMask) != 0
                || (value & 6) == 4) {
            throw CpuException.generalProtection(0, String.format("xsetbv XCR%d = %#x", (int) cpu.gpr(RCX), value));
        }
        cpu.setXcr0(value);
    }

    private static void requireOsXsave(CpuState cpu, Instruction instruction) throws CpuException {
        if ((cpu.cr(4) & CR4_OSXSAVE) == 0) {
            throw CpuException.invalidOpcode(instruction.mnemonic() + " with CR4.OSXSAVE clear");
        }
    }

    private static void xsave(Instruction instruction, Execution x) throws CpuException {
        CpuState cpu = x.cpu();
        if (!CpuFeature.XSAVE.isReportedBy(x.machine().model()) || (cpu.cr(4) & CR4_OSXSAVE) == 0) {
            throw CpuException.invalidOpcode(instruction.mnemonic() + ": XSAVE is not enabled");
        }
        throw new EngineError(instruction.mnemonic() + " at " + Long.toHexString(instruction.address())
                + ": the engine does not implement the XSAVE area");
    }
}
