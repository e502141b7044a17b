package org.hybridbridge.x86.exec;

/**
 * The general-purpose integer instructions: arithmetic and logic, shifts, multiply and divide,
 * bit operations, moves and exchanges. Flags are exact where the SDM defines them; each family
 * says what it does with the ones the SDM leaves undefined.
 */
public final class IntegerSemantics {

    private IntegerSemantics() {
    }

    /**
     * Registers every integer family in {@code set}; the instructions of ISA extensions (POPCNT,
     * LZCNT, TZCNT, MOVBE, CMPXCHG16B, LAHF/SAHF in 64-bit mode) behave as on a processor with
     * {@code model}'s CPUID.
     */
    public static void register(InstructionSet set, CpuModel model) {
        ArithmeticSemantics.register(set, model);
        ShiftSemantics.register(set);
        MultiplySemantics.register(set);
        BitSemantics.register(set, model);
        DataMovementSemantics.register(set, model);
    }
}
