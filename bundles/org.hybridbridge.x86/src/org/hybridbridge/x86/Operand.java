package org.hybridbridge.x86;

/**
 * One explicit operand of an {@link Instruction}, in Intel order (destination first). Implicit
 * operands that the SDM does not list in the operand columns (the stack of {@code push}, the
 * count 1 of {@code D1 /4}) are not operands here; the string instructions' {@code (%rsi)} and
 * {@code (%rdi)} are, because objdump prints them and they are real memory accesses.
 */
public sealed interface Operand permits RegisterOperand, ImmediateOperand, MemoryOperand, BranchOperand {

    /** @return what the instruction does with this operand */
    Access access();
}
