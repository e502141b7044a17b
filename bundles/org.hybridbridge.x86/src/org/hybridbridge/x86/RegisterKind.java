package org.hybridbridge.x86;

/** The register files an x86-64 operand can name. */
public enum RegisterKind {
    /** General-purpose register, or its low 32/16/8 bits. */
    GPR,
    /** AH, CH, DH, BH: bits 8..15 of RAX..RBX (only encodable without REX). */
    GPR_HIGH_BYTE,
    /** RIP (or EIP under an address-size override), only as a memory base. */
    INSTRUCTION_POINTER,
    /** ES, CS, SS, DS, FS, GS. */
    SEGMENT,
    /** CR0..CR15. */
    CONTROL,
    /** DR0..DR15. */
    DEBUG,
    /** MM0..MM7. */
    MMX,
    /** XMM0..XMM15. */
    XMM
}
