package org.hybridbridge.x86;

import java.util.Optional;

/**
 * A memory operand: {@code segment:displacement(base,index,scale)}.
 *
 * @param segment      the segment override that applies (FS or GS in practice), or
 *                     {@code null} for the default segment; string instructions carry their
 *                     architectural DS/ES here
 * @param base         the base register, {@link Register#RIP} for RIP-relative, or {@code null}
 * @param index        the index register, or {@code null}
 * @param scale        1, 2, 4 or 8
 * @param displacement the sign-extended displacement (for an {@code moffs} operand, the address)
 * @param displacementSize how many bytes encode the displacement (0, 1, 4, or 8 for {@code moffs}):
 *                     objdump prints an encoded zero ({@code 0x0(%r13)}) but not an absent one
 * @param ripTarget    for RIP-relative operands the absolute address, otherwise 0
 * @param bits         the width of the access in bits, or 0 when the instruction does not
 *                     define one ({@code lea}, {@code lgdt}'s pseudo-descriptor is 80)
 * @param access       what the instruction does with the memory
 */
public record MemoryOperand(Register segment, Register base, Register index, int scale, long displacement,
        int displacementSize, long ripTarget, int bits, Access access) implements Operand {

    /** @return whether the address is relative to the next instruction's RIP */
    public boolean isRipRelative() {
        return base != null && base.kind() == RegisterKind.INSTRUCTION_POINTER;
    }

    /** @return whether the address is formed from RSP or RBP (the stack or a frame pointer) */
    public boolean isStackRelative() {
        return base != null && base.isGeneralPurpose()
                && (base.fullRegister() == Register.RSP || base.fullRegister() == Register.RBP);
    }

    /** @return whether the access goes through the GS segment (per-CPU data in the Linux kernel) */
    public boolean isGsRelative() {
        return segment == Register.GS;
    }

    /** @return the segment override, if one applies */
    public Optional<Register> segmentOverride() {
        return Optional.ofNullable(segment);
    }

    /** @return the base register, if any */
    public Optional<Register> baseRegister() {
        return Optional.ofNullable(base);
    }

    /** @return the index register, if any */
    public Optional<Register> indexRegister() {
        return Optional.ofNullable(index);
    }
}
