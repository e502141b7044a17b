package org.hybridbridge.x86.exec;

/**
 * The MXCSR exception flags one SSE floating-point instruction raises, gathered over its lanes
 * and made sticky in MXCSR when it completes. Only MXCSR's power-on control (every exception
 * masked, round to nearest, no FTZ/DAZ) is modelled, so a raised exception never traps: the
 * masked response is the result. Any other control stops the run rather than round wrongly.
 */
final class SimdFloatExceptions {

    static final int INVALID = 1, DENORMAL = 2, DIVIDE_BY_ZERO = 4, OVERFLOW = 8, UNDERFLOW = 16, PRECISION = 32;
    /** DAZ (bit 6), the six masks (7..12), RC (13..14), FTZ (15). */
    private static final int CONTROL_BITS = 0xFFC0, MODELLED_CONTROL = 0x1F80;

    private int raised;

    private SimdFloatExceptions() {
    }

    /** @return an empty set of flags for an instruction about to run on {@code cpu} */
    static SimdFloatExceptions begin(CpuState cpu) {
        if ((cpu.mxcsr() & CONTROL_BITS) != MODELLED_CONTROL) {
            throw new EngineError(String.format("MXCSR %#x: only round-to-nearest with every SIMD exception masked "
                    + "(and no FTZ/DAZ) is modelled", cpu.mxcsr()));
        }
        return new SimdFloatExceptions();
    }

    void raise(int flags) {
        raised |= flags;
    }

    /** ORs the raised flags into MXCSR: they stay set until software clears them. */
    void commit(CpuState cpu) {
        cpu.setMxcsr(cpu.mxcsr() | raised);
    }
}
