package org.hybridbridge.x86.oracle;

import java.util.HexFormat;
import java.util.List;

import org.hybridbridge.x86.Instruction;

/**
 * A register that differs between a CPU under test and the oracle after one instruction.
 *
 * @param index       which instruction of the run (0 = the entry point's)
 * @param instruction the instruction both executed
 * @param differences one line per differing register, the CPU under test's value first
 */
record Divergence(long index, Instruction instruction, List<String> differences) {

    @Override
    public String toString() {
        return String.format("#%d %#x %s [%s]: %s", index, instruction.address(), instruction,
                HexFormat.of().formatHex(instruction.bytes()), String.join("; ", differences));
    }
}
