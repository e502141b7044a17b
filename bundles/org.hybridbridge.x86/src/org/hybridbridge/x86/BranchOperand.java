package org.hybridbridge.x86;

/**
 * The target of a relative {@code jmp}, {@code call}, {@code jcc}, {@code loop} or {@code jrcxz},
 * already resolved against the address of the next instruction.
 *
 * @param target the absolute address branched to
 */
public record BranchOperand(long target) implements Operand {

    @Override
    public Access access() {
        return Access.READ;
    }
}
