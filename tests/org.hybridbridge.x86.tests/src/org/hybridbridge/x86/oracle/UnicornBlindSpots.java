package org.hybridbridge.x86.oracle;

import org.hybridbridge.x86.Instruction;
import org.hybridbridge.x86.Mnemonic;
import org.hybridbridge.x86.exec.CpuModel;

/**
 * Instructions Unicorn 2.0.1 cannot arbitrate for a CPU model: every x86 model it offers has
 * BMI1 and ABM built in (and {@code uc_ctl} cannot take them away; its {@code cpuid} says so,
 * whatever our hook answers), so it runs F3 0F BC and F3 0F BD as TZCNT and LZCNT. A processor
 * without them, such as the guests' {@code qemu64}, ignores the F3 and runs BSF and BSR, which
 * differ in flags and, for LZCNT, in the result.
 *
 * @param tzcntIsBsf whether the model lacks BMI1 (CPUID.7.0:EBX bit 3)
 * @param lzcntIsBsr whether the model lacks ABM (CPUID.80000001h:ECX bit 5)
 */
record UnicornBlindSpots(boolean tzcntIsBsf, boolean lzcntIsBsr) {

    /** For a run on Unicorn alone, or a model with BMI1 and ABM: Unicorn is right everywhere. */
    static final UnicornBlindSpots NONE = new UnicornBlindSpots(false, false);

    static UnicornBlindSpots of(CpuModel model) {
        boolean bmi1 = (model.cpuid(7, 0).ebx() >>> 3 & 1) != 0;
        boolean abm = (model.cpuid(0x8000_0001, 0).ecx() >>> 5 & 1) != 0;
        return new UnicornBlindSpots(!bmi1, !abm);
    }

    boolean covers(Instruction instruction) {
        return instruction.mnemonic() == Mnemonic.TZCNT && tzcntIsBsf
                || instruction.mnemonic() == Mnemonic.LZCNT && lzcntIsBsr;
    }
}
