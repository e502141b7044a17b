package org.hybridbridge.x86.exec;

/**
 * Why an instruction touches memory. Slow-Bridge serves each role from the SVM or the GVM
 * image ({@link MemoryRouter}); the plain engine serves all from one memory.
 */
public enum MemoryRole {
    /** The instruction's explicit memory operand (ModRM, moffs). */
    OPERAND,
    /** The source {@code (%rsi)} of {@code movs}, {@code cmps}, {@code lods}, {@code outs}. */
    STRING_SOURCE,
    /** The destination {@code (%rdi)} of {@code movs}, {@code stos}, {@code cmps}, {@code scas}, {@code ins}. */
    STRING_DESTINATION,
    /** The implicit stack of {@code push}, {@code pop}, {@code call}, {@code ret}, {@code enter}, {@code leave}. */
    STACK,
    /** What the processor itself reads or writes: descriptor tables, the TSS, interrupt frames. */
    SYSTEM
}
