package org.hybridbridge.x86.oracle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

import org.hybridbridge.x86.Mnemonic;
import org.hybridbridge.x86.exec.CpuState;
import org.hybridbridge.x86.exec.InstructionSet;
import org.hybridbridge.x86.exec.QemuCpuModel;
import org.hybridbridge.x86.exec.Semantic;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine in lockstep with Unicorn on the user-mode part of real programs, from
 * {@code _start} to {@code exit_group}: registers compared after every instruction, system
 * calls answered alike for both, {@code cpuid} answered by the guests' {@link QemuCpuModel} on
 * both sides. Every divergence is listed in the failure message.
 */
class EngineLockstepTest {

    private static final long BUDGET = 2_000_000;

    @BeforeEach
    void requireUnicorn() {
        Programs.assumeUnicorn();
    }

    @Test
    void getpid(@TempDir Path directory) throws Exception {
        Lockstep.Outcome outcome = run(Programs.compileStatic("getpid", directory), List.of("getpid"));
        assertEquals(UnicornProcessTest.PID + "\n", outcome.stdout());
    }

    /** The self-relocation of a static PIE: a loop of loads, adds and stores over its RELA table. */
    @Test
    void getpidAsStaticPie(@TempDir Path directory) throws Exception {
        Lockstep.Outcome outcome = run(Programs.compileStaticPie("getpid", directory), List.of("getpid"));
        assertEquals(UnicornProcessTest.PID + "\n", outcome.stdout());
    }

    @Test
    void tinyps(@TempDir Path directory) throws Exception {
        Lockstep.Outcome outcome = run(Programs.compileStatic("tinyps", directory), List.of("tinyps"));
        assertEquals(1, outcome.exitStatus());
    }

    @Test
    void gettime(@TempDir Path directory) throws Exception {
        Lockstep.Outcome outcome = run(Programs.compileStatic("gettime", directory), List.of("gettime"));
        assertEquals("1700000000.000000000\n", outcome.stdout());
    }

    @Test
    void getprocname(@TempDir Path directory) throws Exception {
        Lockstep.Outcome outcome = run(Programs.compileStatic("getprocname", directory), List.of("getprocname"));
        assertEquals("getprocname\n", outcome.stdout());
    }

    /** Integer, SSE2 and string kernels on pseudo-random operands; the checksums must be the host CPU's. */
    @Test
    void workout(@TempDir Path directory) throws Exception {
        assertPrintsAsNatively(Programs.compileResource("workout.c", directory), List.of());
    }

    /** The objdump lockstep's sample program: a linked list walk, memset/strlen/strchr, printf of a double. */
    @Test
    void lockstepSample(@TempDir Path directory) throws Exception {
        Path sample = Programs.compileResource("../lockstep-sample.c", directory);
        assertPrintsAsNatively(sample, List.of("two"));
    }

    @Test
    void busyboxEcho() throws Exception {
        Lockstep.Outcome outcome = run(Programs.busybox(), List.of("echo", "hello", "oracle"));
        assertEquals("hello oracle\n", outcome.stdout());
    }

    @Test
    void busyboxUname() throws Exception {
        Lockstep.Outcome outcome = run(Programs.busybox(), List.of("uname", "-a"));
        assertEquals(0, outcome.exitStatus());
    }

    /** The lockstep is only as good as its comparison: an ADD that leaves CF inverted once must be reported. */
    @Test
    void aPlantedBugIsReported(@TempDir Path directory) throws Exception {
        Path getpid = Programs.compileStatic("getpid", directory);
        QemuCpuModel model = new QemuCpuModel(0);
        try (UnicornCpu unicorn = new UnicornCpu(model); EngineCpu engine = new EngineCpu(model)) {
            InstructionSet instructionSet = engine.ownInstructionSet();
            Semantic add = instructionSet.lookup(Mnemonic.ADD).orElseThrow();
            AtomicBoolean planted = new AtomicBoolean();
            instructionSet.defineSpecialCase(Mnemonic.ADD, instruction -> true, (instruction, execution) -> {
                add.execute(instruction, execution);
                if (!planted.getAndSet(true)) {
                    execution.cpu().setFlag(CpuState.CF, !execution.cpu().flag(CpuState.CF));
                }
            });
            Lockstep.Outcome outcome = UnicornProcessTest.lockstep(getpid, List.of("getpid"), UnicornBlindSpots.of(model),
                    unicorn, engine).run(BUDGET);
            assertEquals(1, outcome.divergences().size(), outcome.divergences()::toString);
            Divergence divergence = outcome.divergences().get(0);
            assertEquals(Mnemonic.ADD, divergence.instruction().mnemonic());
            assertEquals(1, divergence.differences().size(), divergence::toString);
            assertTrue(divergence.differences().get(0).startsWith("rflags"), divergence::toString);
            assertEquals(UnicornProcessTest.PID + "\n", outcome.stdout());
        }
    }

    /** argv[0] is the executable's path, as when the host runs it. */
    private static void assertPrintsAsNatively(Path executable, List<String> arguments) throws Exception {
        Programs.NativeRun expected = Programs.runNatively(executable, arguments);
        List<String> argv = new ArrayList<>();
        argv.add(executable.toString());
        argv.addAll(arguments);
        Lockstep.Outcome outcome = run(executable, argv);
        assertEquals(expected.stdout(), outcome.stdout());
        assertEquals(expected.exitStatus(), outcome.exitStatus());
    }

    static Lockstep.Outcome run(Path executable, List<String> arguments) throws Exception {
        QemuCpuModel model = new QemuCpuModel(0);
        try (UnicornCpu unicorn = new UnicornCpu(model); EngineCpu engine = new EngineCpu(model)) {
            Lockstep.Outcome outcome = UnicornProcessTest.lockstep(executable, arguments, UnicornBlindSpots.of(model),
                    unicorn, engine).run(BUDGET);
            System.out.printf("engine vs unicorn: %s %s: %d instructions compared, %d system calls, %d divergences,"
                    + " %d in Unicorn's blind spots%n", executable, arguments,
                    outcome.instructions() - outcome.notCompared(), outcome.systemCalls(), outcome.divergences().size(),
                    outcome.notCompared());
            outcome.divergences().forEach(divergence -> System.out.println("  " + divergence));
            assertEquals(List.of(), outcome.divergences(), () -> outcome.divergences().stream()
                    .map(Divergence::toString).collect(Collectors.joining("\n", "divergences:\n", "")));
            return outcome;
        }
    }
}
