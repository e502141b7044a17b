package org.hybridbridge.x86.exec;

import org.hybridbridge.x86.DecodeException;
import org.hybridbridge.x86.Decoder;
import org.hybridbridge.x86.Instruction;

/**
 * A minimal execution loop over {@link FlatMemory} for tests of the semantics alone: fetch,
 * decode, set RIP to the next instruction, execute; on an exception RIP goes back to the
 * instruction (the CPU's fault behaviour; a snippet that traps is not run here) and the loop
 * stops, as the oracle's guest does without an IDT.
 */
final class SemanticsLoop {

    /** How a run ended: at {@code end}, or with {@code exception} at RIP. */
    record Outcome(boolean completed, CpuException exception) {
    }

    private static final int MAX_INSTRUCTION_BYTES = 15;

    private final CpuState cpu;
    private final FlatMemory memory;
    private final Execution execution;
    private final InstructionSet instructions;

    SemanticsLoop(CpuState cpu, FlatMemory memory, InstructionSet instructions) {
        this.cpu = cpu;
        this.memory = memory;
        this.execution = new Execution(cpu, role -> memory);
        this.instructions = instructions;
    }

    /**
     * Runs from RIP until RIP reaches {@code end} or an instruction raises an exception.
     *
     * @param budget the most instructions to execute, so a wrong branch cannot loop forever
     * @throws IllegalStateException for bytes that do not decode, a mnemonic without semantics,
     *                               or a budget spent
     */
    Outcome run(long end, int budget) {
        for (int executed = 0; cpu.rip() != end; executed++) {
            if (executed == budget) {
                throw new IllegalStateException("no end after " + budget + " instructions, RIP " + Long.toHexString(cpu.rip()));
            }
            Instruction instruction = fetch();
            Semantic semantic = instructions.lookup(instruction.mnemonic()).orElseThrow(
                    () -> new IllegalStateException("no semantics for " + instruction.mnemonic() + ": " + instruction));
            cpu.setRip(instruction.nextAddress());
            try {
                semantic.execute(instruction, execution);
            } catch (CpuException e) {
                cpu.setRip(instruction.address());
                return new Outcome(false, e);
            }
        }
        return new Outcome(true, null);
    }

    private Instruction fetch() {
        int address = (int) cpu.rip();
        byte[] bytes = new byte[Math.min(MAX_INSTRUCTION_BYTES, memory.bytes().length - address)];
        System.arraycopy(memory.bytes(), address, bytes, 0, bytes.length);
        try {
            return Decoder.decode(bytes, 0, cpu.rip());
        } catch (DecodeException e) {
            throw new IllegalStateException("cannot decode at " + Long.toHexString(cpu.rip()) + ": " + e.getMessage(), e);
        }
    }
}
