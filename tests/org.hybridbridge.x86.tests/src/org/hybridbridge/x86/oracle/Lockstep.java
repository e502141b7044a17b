package org.hybridbridge.x86.oracle;

import static org.hybridbridge.x86.exec.CpuState.DF;
import static org.hybridbridge.x86.exec.CpuState.STATUS_FLAGS;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

import org.hybridbridge.x86.DecodeException;
import org.hybridbridge.x86.Decoder;
import org.hybridbridge.x86.Instruction;
import org.hybridbridge.x86.Mnemonic;

/**
 * Runs one Linux process on an oracle CPU (Unicorn) and on CPUs under test (the engine) at the
 * same time, one instruction at a time, comparing their registers after every instruction
 * ({@link RegisterFile}: GPRs, RIP, FS/GS base, XMM0-15, and of RFLAGS the status flags and DF
 * minus what the instruction leaves undefined; system flags are not compared because Unicorn
 * runs user code at CPL0). Each CPU has its own {@link LinuxSyscalls}; {@code syscall} never
 * reaches a CPU, nor does {@code rdtsc}, which the run answers from its instruction count.
 * A divergence is recorded and the CPU under test is given the oracle's registers, so one run
 * reports several independent bugs; memory is not compared. Where Unicorn is not the guests' CPU
 * ({@link UnicornBlindSpots}) the oracle takes the registers of the CPU under test instead.
 */
final class Lockstep {

    /** The RFLAGS bits user code defines. */
    private static final long COMPARED_FLAGS = STATUS_FLAGS | DF;
    /** A time-stamp counter that advances 1000 cycles per instruction from an arbitrary start. */
    private static final long TSC_START = 1L << 32, TSC_PER_INSTRUCTION = 1000;
    private static final int MAX_INSTRUCTION_LENGTH = 15;
    private static final int TRACE_LENGTH = 24;
    private static final int MAX_DIVERGENCES = 50;

    /**
     * @param instructions the instructions executed, {@code syscall}s included
     * @param systemCalls  how many of them were {@code syscall}
     * @param exitStatus   the status of {@code exit_group}
     * @param stdout       what the program wrote to fd 1 (on the oracle)
     * @param stderr       what it wrote to fd 2
     * @param divergences  the instructions after which a CPU under test differed from the oracle
     * @param notCompared  how many instructions were in Unicorn's blind spots (adopted from the CPU under test)
     */
    record Outcome(long instructions, long systemCalls, int exitStatus, String stdout, String stderr,
            List<Divergence> divergences, long notCompared) {
    }

    private record Side(UserModeCpu cpu, LinuxSyscalls kernel) {
    }

    private final Side oracle;
    private final UnicornBlindSpots blindSpots;
    private final List<Side> underTest = new ArrayList<>();
    private final Deque<String> trace = new ArrayDeque<>();
    private final List<Divergence> divergences = new ArrayList<>();
    private long instructions;
    private long systemCalls;
    private long notCompared;

    /**
     * Installs {@code image} in every CPU.
     *
     * @param executable the path {@code /proc/self/exe} names
     * @param pid        the process id every {@code getpid} answers
     * @param blindSpots the instructions the oracle cannot arbitrate for the CPU model of the run
     */
    Lockstep(ProcessImage image, String executable, long pid, UserModeCpu oracleCpu, List<UserModeCpu> cpusUnderTest,
            UnicornBlindSpots blindSpots) {
        this.blindSpots = blindSpots;
        oracle = new Side(oracleCpu, new LinuxSyscalls(pid, executable, image.elf().programBreak()));
        image.install(oracleCpu);
        for (UserModeCpu cpu : cpusUnderTest) {
            underTest.add(new Side(cpu, new LinuxSyscalls(pid, executable, image.elf().programBreak())));
            image.install(cpu);
        }
    }

    /**
     * Runs until {@code exit_group}.
     *
     * @throws IllegalStateException after {@code budget} instructions, when an instruction cannot be
     *                               decoded, or when a CPU fails; the message carries the recent trace
     */
    Outcome run(long budget) {
        while (oracle.kernel().exitStatus().isEmpty()) {
            if (instructions >= budget) {
                throw failure("no exit_group within " + budget + " instructions", null);
            }
            Instruction instruction = fetch();
            remember(instruction);
            try {
                execute(instruction);
            } catch (RuntimeException e) {
                throw failure("instruction #" + instructions + " failed: " + e.getMessage(), e);
            }
            instructions++;
        }
        for (Side side : underTest) {
            if (!side.kernel().stdout().equals(oracle.kernel().stdout())
                    || side.kernel().exitStatus().getAsInt() != oracle.kernel().exitStatus().getAsInt()) {
                throw failure(side.cpu().name() + " printed \"" + side.kernel().stdout() + "\" and exited with "
                        + side.kernel().exitStatus() + ", the oracle \"" + oracle.kernel().stdout() + "\" and "
                        + oracle.kernel().exitStatus(), null);
            }
        }
        return new Outcome(instructions, systemCalls, oracle.kernel().exitStatus().getAsInt(),
                oracle.kernel().stdout(), oracle.kernel().stderr(), List.copyOf(divergences), notCompared);
    }

    private void execute(Instruction instruction) {
        if (instruction.mnemonic() == Mnemonic.SYSCALL) {
            systemCalls++;
            oracle.kernel().handle(oracle.cpu(), instruction.nextAddress());
            for (Side side : underTest) {
                side.kernel().handle(side.cpu(), instruction.nextAddress());
            }
            compare(instruction, 0);
        } else if (instruction.mnemonic() == Mnemonic.RDTSC || instruction.mnemonic() == Mnemonic.RDTSCP) {
            answerTimeStampCounter(instruction);
        } else if (blindSpots.covers(instruction) && !underTest.isEmpty()) {
            adoptFromUnderTest(instruction);
        } else {
            RegisterFile before = oracle.cpu().registers();
            step(oracle.cpu(), instruction);
            for (Side side : underTest) {
                step(side.cpu(), instruction);
            }
            compare(instruction, UndefinedFlags.of(instruction, before));
        }
    }

    /**
     * Compares every CPU under test with the oracle; after a divergence the CPU under test takes
     * the oracle's registers. Undefined flags are copied from the oracle in any case, so that a
     * later instruction which keeps them does not report a difference that is not its own.
     */
    private void compare(Instruction instruction, long undefinedFlags) {
        if (underTest.isEmpty()) {
            return;
        }
        RegisterFile expected = oracle.cpu().registers();
        for (Side side : underTest) {
            RegisterFile actual = side.cpu().registers();
            List<String> differences = actual.differences(expected, COMPARED_FLAGS & ~undefinedFlags,
                    side.cpu().name(), oracle.cpu().name());
            if (!differences.isEmpty()) {
                divergences.add(new Divergence(instructions, instruction, differences));
                if (divergences.size() >= MAX_DIVERGENCES) {
                    throw failure(MAX_DIVERGENCES + " divergences", null);
                }
                side.cpu().setRegisters(expected);
            } else if (undefinedFlags != 0) {
                side.cpu().setRegisters(expected);
            }
        }
    }

    /** Runs an instruction Unicorn would get wrong on the CPUs under test only; they must agree, and the oracle follows. */
    private void adoptFromUnderTest(Instruction instruction) {
        notCompared++;
        RegisterFile result = null;
        for (Side side : underTest) {
            step(side.cpu(), instruction);
            RegisterFile registers = side.cpu().registers();
            if (result == null) {
                result = registers;
            } else if (!registers.differences(result, COMPARED_FLAGS, "", "").isEmpty()) {
                throw new IllegalStateException("the CPUs under test disagree on " + instruction);
            }
        }
        oracle.cpu().setRegisters(result);
    }

    /** One instruction; QEMU runs a {@code rep} string instruction one iteration per step, so it is stepped until RIP leaves it. */
    private static void step(UserModeCpu cpu, Instruction instruction) {
        cpu.step();
        if (isRepeatedString(instruction)) {
            while (cpu.rip() == instruction.address()) {
                cpu.step();
            }
        }
    }

    private static boolean isRepeatedString(Instruction instruction) {
        boolean repeated = instruction.prefixes().rep() || instruction.prefixes().repne();
        return repeated && switch (instruction.mnemonic()) {
            case MOVS, STOS, LODS, CMPS, SCAS -> true;
            default -> false;
        };
    }

    /** EDX:EAX (and for {@code rdtscp} ECX = TSC_AUX 0) as on every CPU, RIP past the instruction. */
    private void answerTimeStampCounter(Instruction instruction) {
        long tsc = TSC_START + instructions * TSC_PER_INSTRUCTION;
        List<UserModeCpu> cpus = new ArrayList<>();
        cpus.add(oracle.cpu());
        underTest.forEach(side -> cpus.add(side.cpu()));
        for (UserModeCpu cpu : cpus) {
            cpu.setGpr(0, tsc & 0xFFFF_FFFFL);
            cpu.setGpr(2, tsc >>> 32);
            if (instruction.mnemonic() == Mnemonic.RDTSCP) {
                cpu.setGpr(1, 0);
            }
            cpu.setRip(instruction.nextAddress());
        }
    }

    /** Decodes the oracle's next instruction, reading no further than its mapped memory. */
    private Instruction fetch() {
        UserModeCpu cpu = oracle.cpu();
        long rip = cpu.rip();
        int length = MAX_INSTRUCTION_LENGTH;
        if (!cpu.isMapped(rip + length - 1)) {
            length = (int) (Pages.roundUp(rip + 1) - rip);
        }
        byte[] code = cpu.read(rip, length);
        try {
            return Decoder.decode(code, 0, rip);
        } catch (DecodeException e) {
            throw failure("the decoder rejects the instruction at " + String.format("%#x", rip) + ": "
                    + e.getMessage(), e);
        }
    }

    private void remember(Instruction instruction) {
        if (trace.size() == TRACE_LENGTH) {
            trace.removeFirst();
        }
        trace.addLast(String.format("  #%d %#x %s", instructions, instruction.address(), instruction));
    }

    private IllegalStateException failure(String what, Throwable cause) {
        StringBuilder message = new StringBuilder(what).append("\nlast instructions:\n");
        trace.forEach(line -> message.append(line).append('\n'));
        divergences.forEach(divergence -> message.append("divergence ").append(divergence).append('\n'));
        return new IllegalStateException(message.toString(), cause);
    }
}
