package org.hybridbridge.x86.exec;

/** System instructions (work in progress: registers nothing yet). */
final class SystemSemantics {

    private SystemSemantics() {
    }

    static void register(InstructionSet set, Machine machine) {
    }
}
