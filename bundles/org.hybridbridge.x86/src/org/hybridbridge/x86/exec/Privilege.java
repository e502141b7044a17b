package org.hybridbridge.x86.exec;

import org.hybridbridge.x86.Instruction;

/** The privilege and address checks several system instructions share. */
final class Privilege {

    private static final long CR4_LA57 = 1L << 12;

    private Privilege() {
    }

    /** #GP(0) unless the CPU is at CPL 0. */
    static void requireCpl0(CpuState cpu, Instruction instruction) throws CpuException {
        if (cpu.cpl() != 0) {
            throw CpuException.generalProtection(0, instruction.mnemonic() + " at CPL " + cpu.cpl());
        }
    }

    /** #GP(0) unless CPL <= IOPL (what {@code cli}, {@code sti}, {@code in} and {@code out} need). */
    static void requireIoPrivilege(CpuState cpu, Instruction instruction) throws CpuException {
        if (cpu.cpl() > iopl(cpu)) {
            throw CpuException.generalProtection(0, instruction.mnemonic() + " at CPL " + cpu.cpl() + " > IOPL");
        }
    }

    static int iopl(CpuState cpu) {
        return (int) (cpu.rflags() >>> 12) & 3;
    }

    /** @return whether {@code address} is canonical with the CPU's linear-address width (48, or 57 with LA57) */
    static boolean isCanonical(CpuState cpu, long address) {
        int bits = (cpu.cr(4) & CR4_LA57) != 0 ? 57 : 48;
        return Execution.signExtend(address, bits) == address;
    }
}
