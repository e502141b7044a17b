package org.hybridbridge.x86.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;

import org.hybridbridge.testing.Requirements;
import org.hybridbridge.kvm.NativeCodeRunner;
import org.junit.jupiter.api.Test;

/**
 * The integer, control-flow and string semantics against the real CPU: every case of
 * {@link ArithmeticCases}, {@link ShiftCases}, {@link BitCases}, {@link MoveCases},
 * {@link ControlFlowCases} and {@link StringCases} runs natively at CPL3 under KVM and in the
 * engine's {@link Machine}, and must end in the same state bit for bit, the flags the SDM leaves
 * undefined included. The engine's CPU model reports the host's ISA extensions.
 */
class NativeOracleTest {


    @Test
    void integerSemanticsMatchTheCpu() {
        Requirements.requireKvm();
        List<Snippet> cases = new ArrayList<>();
        ArithmeticCases.addTo(cases);
        ShiftCases.addTo(cases);
        BitCases.addTo(cases);
        MoveCases.addTo(cases);
        ControlFlowCases.addTo(cases);
        StringCases.addTo(cases);
        try (NativeCodeRunner cpu = NativeCodeRunner.open()) {
            OracleComparison comparison = new OracleComparison(cpu, FeatureFlagModel.fromProcCpuinfo());
            long start = System.nanoTime();
            cases.forEach(comparison::check);
            System.out.print(comparison.summary());
            System.out.printf("  (%.1f s)%n", (System.nanoTime() - start) / 1e9);
            assertEquals(0, comparison.mismatchCount(), comparison.summary() + comparison.report());
        }
    }
}
