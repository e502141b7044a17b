package org.hybridbridge.x86.exec;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.function.LongFunction;

import org.hybridbridge.x86.DecodeException;
import org.hybridbridge.x86.Decoder;
import org.hybridbridge.x86.Instruction;

/**
 * One x86-64 processor in long mode over guest-physical memory: fetches through the
 * {@link Mmu}, decodes (cached by physical address, per machine and, with the semantic resolved,
 * across the machines of an {@link InstructionSet}: {@link SharedDecodes}), executes the semantics
 * of the {@link InstructionSet}, and delivers exceptions through the guest's IDT. Deterministic: no
 * external interrupts, time from the {@link CpuModel}. Anything it cannot emulate stops the
 * run with an {@link EngineError}; how many instructions to run is the caller's business.
 */
public final class Machine {

    private static final int MAX_INSTRUCTION_LENGTH = 15;
    private static final int PAGE_SIZE = 4096;
    private static final long DR6_SINGLE_STEP = 1L << 14;

    private final CpuState cpu;
    private final PhysicalMemory memory;
    private final CpuModel model;
    private final Mmu mmu;
    private final Execution execution;
    private final ExceptionDelivery delivery;
    private InstructionSet instructionSet;
    private SharedDecodes sharedDecodes;
    private DecodeCache decodeCache;
    /** The bytes a fetch that misses the caches reads (decoding copies what it keeps). */
    private final byte[] window = new byte[MAX_INSTRUCTION_LENGTH];
    private ExecutionObserver observer = new ExecutionObserver() {
    };
    private LongFunction<String> symbolizer = address -> null;
    private long instructionsRetired;
    /** The semantic of the instruction {@link #fetch} returned last (two results, no object). */
    private Semantic fetchedSemantic;

    /**
     * A machine whose every memory role goes through {@link #mmu()}, except
     * {@link MemoryRole#SYSTEM}, which goes through its supervisor view (the processor's own
     * accesses to the IDT, GDT, TSS and interrupt frames are supervisor accesses at any CPL).
     */
    public Machine(CpuState cpu, PhysicalMemory memory, CpuModel model) {
        this.cpu = cpu;
        this.memory = memory;
        this.model = model;
        this.mmu = new Mmu(memory, cpu);
        this.decodeCache = new DecodeCache(memory);
        Mmu system = mmu.supervisorView();
        this.execution = new Execution(this, cpu, role -> role == MemoryRole.SYSTEM ? system : mmu);
        this.delivery = new ExceptionDelivery(cpu, system);
        this.instructionSet = InstructionSet.of(model);
        this.sharedDecodes = instructionSet.sharedDecodes();
    }

    public CpuState cpu() {
        return cpu;
    }

    public PhysicalMemory physicalMemory() {
        return memory;
    }

    public CpuModel model() {
        return model;
    }

    /** @return the MMU translating through the CPU's CR3 at the CPU's privilege level */
    public Mmu mmu() {
        return mmu;
    }

    public Execution execution() {
        return execution;
    }

    /**
     * @return an instruction set of this machine's own, to change (a test planting a bug): a copy of
     *         the shared one, from now on the only one this machine executes with, its decodes
     *         made again and shared with no other machine
     */
    public InstructionSet ownInstructionSet() {
        instructionSet = instructionSet.copy();
        sharedDecodes = instructionSet.sharedDecodes();
        decodeCache = new DecodeCache(memory);
        return instructionSet;
    }

    public void setObserver(ExecutionObserver observer) {
        this.observer = observer;
    }

    /** Sets what names an address in error messages ({@code "sym+0x1a"}, or {@code null} if unknown). */
    public void setSymbolizer(LongFunction<String> symbolizer) {
        this.symbolizer = symbolizer;
    }

    /** @return how many instructions completed (including traps such as {@code int3}, excluding faults) */
    public long instructionsRetired() {
        return instructionsRetired;
    }

    /** @return the time-stamp counter now, which the model derives from the instructions retired */
    long timeStampCounter() {
        return model.tsc(instructionsRetired);
    }

    /**
     * Fetches, decodes and executes one instruction, or delivers the exception it raises.
     *
     * @return the instruction, or {@code null} if fetching it faulted (the fault was delivered)
     * @throws EngineError if the instruction cannot be decoded or has no semantics, or on a
     *                     triple fault or another condition the engine does not emulate
     */
    public Instruction step() {
        long rip = cpu.rip();
        Instruction instruction;
        try {
            instruction = fetch(rip);
        } catch (CpuException fault) {
            raise(null, fault, rip);
            return null;
        }
        Semantic semantic = fetchedSemantic;
        if (!observer.beforeExecute(instruction, this)) {
            instructionsRetired++;
            return instruction;
        }
        if (semantic == null) {
            throw new EngineError("no semantics for " + instruction.mnemonic() + " (" + instruction + ")"
                    + where(rip, instruction.bytes()));
        }
        boolean singleStep = cpu.flag(CpuState.TF);
        cpu.setRip(instruction.nextAddress());
        try {
            semantic.execute(instruction, execution);
        } catch (CpuException exception) {
            if (exception.isSoftware()) {
                instructionsRetired++;
            } else {
                cpu.setRip(rip);
            }
            raise(instruction, exception, rip);
            return instruction;
        }
        instructionsRetired++;
        observer.afterExecute(instruction, this);
        if (singleStep) {
            // TF set before the instruction: a #DB trap after it, with DR6.BS
            cpu.setDr(6, cpu.dr(6) | DR6_SINGLE_STEP);
            raise(instruction, CpuException.of(CpuException.DB, null, "#DB: single step"), rip);
        }
        return instruction;
    }

    /**
     * Delivers an exception that another executor of this CPU's state raised (KVM running the
     * guest natively), as if the instruction at RIP had raised it here: RIP is the faulting
     * instruction's address for a fault, the next one's for a trap.
     *
     * @throws EngineError on a triple fault
     */
    public void deliver(CpuException exception) {
        delivery.deliver(exception, cpu.rip());
    }

    private void raise(Instruction instruction, CpuException exception, long instructionAddress) {
        observer.exceptionRaised(instruction, exception, this);
        delivery.deliver(exception, instructionAddress);
    }

    /**
     * The instruction at {@code rip}, its semantic left in {@link #fetchedSemantic}: from the decode
     * cache when its page was not written since, else as {@link #decode} finds it.
     */
    private Instruction fetch(long rip) throws CpuException {
        long physical = mmu.translateFetch(rip);
        if (decodeCache.lookup(physical, rip)) {
            fetchedSemantic = decodeCache.semantic();
            return decodeCache.instruction();
        }
        DecodedInstruction decoded = decode(physical, rip);
        fetchedSemantic = decoded.semantic();
        return decoded.instruction();
    }

    /**
     * The instruction at {@code rip} that this machine's decode cache lacks: shared by another
     * machine, or decoded from the bytes up to the end of its page, and the next page's only if the
     * instruction needs them, so a fetch faults on the second page only when the instruction
     * really extends into it.
     */
    private DecodedInstruction decode(long physical, long rip) throws CpuException {
        DecodedInstruction shared = sharedDecodes.lookup(physical, rip, memory);
        if (shared != null) {
            decodeCache.put(shared);
            return shared;
        }
        int available = (int) Math.min(MAX_INSTRUCTION_LENGTH, PAGE_SIZE - (rip & 0xFFF));
        memory.read(physical, window, 0, available);
        DecodedInstruction crossing = sharedDecodes.crossing().lookup(physical, rip, window, available);
        if (crossing != null) {
            mmu.read(rip, window, AccessType.EXECUTE);
            return crossing.instruction().bytesMatch(window, crossing.instruction().length()) ? crossing
                    : decodeCrossing(physical, rip);
        }
        try {
            DecodedInstruction decoded = resolve(physical, Decoder.decode(Arrays.copyOf(window, available), 0, rip));
            decodeCache.put(decoded);
            sharedDecodes.put(decoded);
            return decoded;
        } catch (DecodeException cutOff) {
            if (available == MAX_INSTRUCTION_LENGTH) {
                throw undecodable(rip, cutOff);
            }
        }
        mmu.read(rip, window, AccessType.EXECUTE);
        return decodeCrossing(physical, rip);
    }

    /** Decodes the instruction in {@link #window}, read through the MMU, that runs on into the next page. */
    private DecodedInstruction decodeCrossing(long physical, long rip) {
        try {
            DecodedInstruction decoded = resolve(physical, Decoder.decode(window, 0, rip));
            sharedDecodes.crossing().put(decoded);
            return decoded;
        } catch (DecodeException e) {
            throw undecodable(rip, e);
        }
    }

    /** Looks the semantic up once per decoded instruction, not per execution. */
    private DecodedInstruction resolve(long physical, Instruction instruction) {
        return DecodedInstruction.of(physical, instruction, instructionSet.semanticOf(instruction));
    }

    private EngineError undecodable(long rip, DecodeException e) {
        return new EngineError("cannot decode (" + e.reason() + ")" + where(rip, e.bytes()), e);
    }

    private String where(long address, byte[] bytes) {
        String symbol = symbolizer.apply(address);
        return String.format(" at %#x%s [%s] in %s mode", address, symbol == null ? "" : " <" + symbol + ">",
                HexFormat.ofDelimiter(" ").formatHex(bytes), cpu.cpl() == 3 ? "user" : "kernel");
    }
}
