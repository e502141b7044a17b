package org.hybridbridge.x86.exec;

/**
 * The general-purpose integer instructions: arithmetic and logic, shifts, multiply and divide,
 * bit operations, moves and exchanges. Flags are exact where the SDM defines them; each family
 * says what it does with the ones the SDM leaves undefined.
 */
public final class IntegerSemantics {

    private IntegerSemantics() {
    }

    /** Registers every integer family in {@code set}. */
    public static void register(InstructionSet set) {
        ArithmeticSemantics.register(set);
        ShiftSemantics.register(set);
        MultiplySemantics.register(set);
        BitSemantics.register(set);
        DataMovementSemantics.register(set);
    }
}
