package org.hybridbridge.x86;

/**
 * A ModRM byte with its SIB byte and displacement, decoded for long mode: the register numbers
 * include the REX extensions, and for a memory form the address parts are resolved (RIP-relative
 * for mod 00 rm 101; no base for SIB base 101 with mod 00; no index for SIB index 100 without
 * REX.X; R12 and R13 as bases need the SIB byte and the displacement byte the encoding gives
 * them).
 */
final class ModRm {

    static final int REX_B = 1;
    static final int REX_X = 2;
    static final int REX_R = 4;
    static final int REX_W = 8;

    final int raw;
    final int reg;
    final int rm;
    final Register base;
    final Register index;
    final int scale;
    final long displacement;
    final int displacementSize;
    /** REX.X and REX.B bits the memory form consults (the SIB byte, the base field). */
    final int rexBitsUsed;
    /** A SIB byte without index: objdump shows it as {@code %riz} unless it is the plain (%rsp) form. */
    final boolean sibWithoutIndex;

    private ModRm(int raw, int reg, int rm, Register base, Register index, int scale, long displacement,
            int displacementSize, int rexBitsUsed, boolean sibWithoutIndex) {
        this.raw = raw;
        this.reg = reg;
        this.rm = rm;
        this.base = base;
        this.index = index;
        this.scale = scale;
        this.displacement = displacement;
        this.displacementSize = displacementSize;
        this.rexBitsUsed = rexBitsUsed;
        this.sibWithoutIndex = sibWithoutIndex;
    }

    boolean isRegister() {
        return (raw >> 6) == 3;
    }

    /** @return the three ModRM.reg bits without REX.R, which select a row in group opcodes */
    int regField() {
        return (raw >> 3) & 7;
    }

    static ModRm read(InstructionBytes in, int modRmByte, Prefixes prefixes, int addressSize) throws DecodeException {
        int mod = modRmByte >> 6;
        int reg = ((modRmByte >> 3) & 7) | (prefixes.rexR() ? 8 : 0);
        int rm = (modRmByte & 7) | (prefixes.rexB() ? 8 : 0);
        if (mod == 3) {
            return new ModRm(modRmByte, reg, rm, null, null, 1, 0, 0, 0, false);
        }
        Register base;
        Register index = null;
        int scale = 1;
        int displacementSize = mod == 1 ? 1 : mod == 2 ? 4 : 0;
        // objdump counts REX.B as used by every memory form, REX.X by every SIB byte
        int rexBitsUsed = REX_B;
        boolean sibPresent = (modRmByte & 7) == 4;
        if (sibPresent) {
            int sib = in.next();
            rexBitsUsed |= REX_X | REX_B;
            scale = 1 << (sib >> 6);
            int indexNumber = ((sib >> 3) & 7) | (prefixes.rexX() ? 8 : 0);
            if (indexNumber != 4) {
                index = Register.gpr(indexNumber, addressSize, true);
            }
            int baseNumber = (sib & 7) | (prefixes.rexB() ? 8 : 0);
            if ((sib & 7) == 5 && mod == 0) {
                base = null;
                displacementSize = 4;
            } else {
                base = Register.gpr(baseNumber, addressSize, true);
            }
        } else if ((modRmByte & 7) == 5 && mod == 0) {
            base = addressSize == 64 ? Register.RIP : Register.EIP;
            displacementSize = 4;
        } else {
            base = Register.gpr(rm, addressSize, true);
        }
        long displacement = displacementSize == 0 ? 0 : in.nextSigned(displacementSize);
        return new ModRm(modRmByte, reg, rm, base, index, scale, displacement, displacementSize, rexBitsUsed,
                sibPresent && index == null);
    }
}
