package org.hybridbridge.x86;

/**
 * A register operand.
 *
 * @param register the register, at the width the instruction uses it
 * @param access   what the instruction does with it
 */
public record RegisterOperand(Register register, Access access) implements Operand {
}
