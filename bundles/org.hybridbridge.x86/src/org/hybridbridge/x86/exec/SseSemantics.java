package org.hybridbridge.x86.exec;

/** SSE/SSE2 moves and integer operations (work in progress: registers nothing yet). */
public final class SseSemantics {

    private SseSemantics() {
    }

    public static void register(InstructionSet set) {
    }
}
