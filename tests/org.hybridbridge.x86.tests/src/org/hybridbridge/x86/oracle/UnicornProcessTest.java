package org.hybridbridge.x86.oracle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.hybridbridge.x86.exec.CpuModel;
import org.hybridbridge.x86.exec.CpuidResult;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The harness on Unicorn alone: a real static program runs from {@code _start} to
 * {@code exit_group} on the loader, the stack and the system-call emulator, and prints what it
 * prints under Linux. Then Unicorn in lockstep with a second Unicorn: no divergence, unless the
 * second one is told a different {@code cpuid} answer, which the lockstep must catch.
 */
class UnicornProcessTest {

    static final long PID = 4242;
    private static final long BUDGET = 5_000_000;

    @BeforeEach
    void requireUnicorn() {
        Programs.assumeUnicorn();
    }

    @Test
    void getpidPrintsTheEmulatedPid(@TempDir Path directory) throws Exception {
        Path getpid = Programs.compileStatic("getpid", directory);
        Lockstep.Outcome outcome = runAlone(getpid, List.of("getpid"));
        assertEquals(PID + "\n", outcome.stdout());
        assertEquals(0, outcome.exitStatus());
        assertTrue(outcome.instructions() > 1000, "only " + outcome.instructions() + " instructions");
    }

    /** A static PIE is loaded at Linux's ELF_ET_DYN_BASE and relocates itself there. */
    @Test
    void aStaticPieRunsAtTheKernelsBase(@TempDir Path directory) throws Exception {
        Path getpid = Programs.compileStaticPie("getpid", directory);
        StaticElf elf = StaticElf.read(getpid);
        assertTrue(elf.entry() > StaticElf.PIE_BASE, String.format("entry %#x", elf.entry()));
        assertEquals(PID + "\n", runAlone(getpid, List.of("getpid")).stdout());
    }

    @Test
    void tinypsReportsThatThereIsNoProc(@TempDir Path directory) throws Exception {
        Path tinyps = Programs.compileStatic("tinyps", directory);
        Lockstep.Outcome outcome = runAlone(tinyps, List.of("tinyps"));
        assertEquals("tinyps: /proc: No such file or directory\n", outcome.stderr());
        assertEquals(1, outcome.exitStatus());
    }

    /** The kernel is the oracle of the process image: argv, envp and the auxiliary vector as a program reads them. */
    @Test
    void theProcessImageIsTheKernels(@TempDir Path directory) throws Exception {
        Path auxv = Programs.compileResource("auxv.c", directory);
        List<String> arguments = List.of("first", "second argument");
        Programs.NativeRun expected = Programs.runNatively(auxv, arguments);
        List<String> argv = new ArrayList<>(List.of(auxv.toString()));
        argv.addAll(arguments);
        Lockstep.Outcome outcome = runAlone(auxv, argv);
        // the order of the environment is the host's (ProcessBuilder keeps it in a hash map)
        assertEquals(sortedLines(expected.stdout()), sortedLines(outcome.stdout()));
        assertTrue(outcome.stdout().contains("phnum "), outcome.stdout());
    }

    private static List<String> sortedLines(String text) {
        return text.lines().sorted().toList();
    }

    @Test
    void busyboxEcho() throws Exception {
        Lockstep.Outcome outcome = runAlone(Programs.busybox(), List.of("echo", "hello", "oracle"));
        assertEquals("hello oracle\n", outcome.stdout());
        assertEquals(0, outcome.exitStatus());
    }

    @Test
    void busyboxUnamePrintsTheEmulatedKernel() throws Exception {
        Lockstep.Outcome outcome = runAlone(Programs.busybox(), List.of("uname", "-a"));
        assertEquals("Linux oracle 6.1.0-56-cloud-amd64 #1 SMP PREEMPT_DYNAMIC Debian 6.1.158-1 x86_64 GNU/Linux\n",
                outcome.stdout());
    }

    @Test
    void twoUnicornsAgree(@TempDir Path directory) throws Exception {
        Path getpid = Programs.compileStatic("getpid", directory);
        try (UnicornCpu oracle = new UnicornCpu(null); UnicornCpu second = new UnicornCpu(null)) {
            Lockstep.Outcome outcome = lockstep(getpid, List.of("getpid"), oracle, second).run(BUDGET);
            assertEquals(List.of(), outcome.divergences());
            assertEquals(PID + "\n", outcome.stdout());
        }
    }

    @Test
    void aDifferentCpuidAnswerIsReportedAsDivergence(@TempDir Path directory) throws Exception {
        Path getpid = Programs.compileStatic("getpid", directory);
        // leaf 0 only: "GenuineIntel" with no further leaf, so glibc takes its baseline paths
        CpuidResult genuineIntel = new CpuidResult(0, 0x756E6547, 0x6C65746E, 0x49656E69);
        CpuModel plain = new LeafZeroOnly(genuineIntel);
        CpuModel skewed = new LeafZeroOnly(new CpuidResult(0, genuineIntel.ebx(), genuineIntel.ecx(),
                genuineIntel.edx() ^ 0x4000_0000));
        try (UnicornCpu oracle = new UnicornCpu(plain); UnicornCpu second = new UnicornCpu(skewed)) {
            Lockstep.Outcome outcome = lockstep(getpid, List.of("getpid"), oracle, second).run(BUDGET);
            assertFalse(outcome.divergences().isEmpty(), "the skewed cpuid went unnoticed");
            Divergence first = outcome.divergences().get(0);
            assertEquals("cpuid", first.instruction().toString());
            assertEquals(List.of("rdx: unicorn 0x9656e69, unicorn 0x49656e69"), first.differences());
        }
    }

    /** A CPU with nothing beyond leaf 0 (the TSC is never read: the lockstep answers rdtsc itself). */
    private record LeafZeroOnly(CpuidResult leafZero) implements CpuModel {

        @Override
        public CpuidResult cpuid(int leaf, int subleaf) {
            return leaf == 0 ? leafZero : CpuidResult.ZERO;
        }

        @Override
        public long tsc(long instructionsRetired) {
            throw new UnsupportedOperationException("not read in a lockstep");
        }
    }

    private static Lockstep.Outcome runAlone(Path executable, List<String> arguments) throws Exception {
        try (UnicornCpu unicorn = new UnicornCpu(null)) {
            Lockstep.Outcome outcome = lockstep(executable, arguments, unicorn).run(BUDGET);
            System.out.printf("unicorn alone: %s %s: %d instructions, %d system calls%n", executable, arguments,
                    outcome.instructions(), outcome.systemCalls());
            return outcome;
        }
    }

    /** A lockstep in which Unicorn is trusted everywhere (no CPU model whose instructions it would get wrong). */
    static Lockstep lockstep(Path executable, List<String> arguments, UserModeCpu oracle,
            UserModeCpu... underTest) throws Exception {
        return lockstep(executable, arguments, UnicornBlindSpots.NONE, oracle, underTest);
    }

    static Lockstep lockstep(Path executable, List<String> arguments, UnicornBlindSpots blindSpots, UserModeCpu oracle,
            UserModeCpu... underTest) throws Exception {
        ProcessImage image = new ProcessImage(StaticElf.read(executable), arguments, Programs.ENVIRONMENT);
        return new Lockstep(image, executable.toString(), PID, oracle, List.of(underTest), blindSpots);
    }
}
