package org.hybridbridge.x86.exec;

import static org.hybridbridge.x86.Mnemonic.*;

import org.hybridbridge.x86.Instruction;

/**
 * What the processor says about itself: {@code cpuid} and the time-stamp counter from the
 * {@link CpuModel}; {@code rdtscp}, {@code rdrand} and {@code rdseed} only if the model's
 * CPUID reports them (#UD otherwise, as on a CPU without them); {@code rdpmc} raises #GP:
 * the model has no performance counters.
 */
final class IdentificationSemantics {

    private static final int RAX = 0, RCX = 1, RDX = 2, RBX = 3;
    private static final long CR4_TSD = 1L << 2;

    private final Machine machine;
    private final CpuState cpu;

    private IdentificationSemantics(Machine machine) {
        this.machine = machine;
        this.cpu = machine.cpu();
    }

    static void register(InstructionSet set, Machine machine) {
        IdentificationSemantics s = new IdentificationSemantics(machine);
        set.define(s::cpuid, CPUID);
        set.define(s::rdtsc, RDTSC);
        set.define(s::rdtscp, RDTSCP);
        set.define((i, x) -> {
            throw CpuException.generalProtection(0, "rdpmc: the CPU model has no performance counters");
        }, RDPMC);
        set.define(s::unsupportedRandom, RDRAND, RDSEED);
    }

    private void cpuid(Instruction instruction, Execution x) {
        CpuidResult result = machine.model().cpuid((int) cpu.gpr(RAX), (int) cpu.gpr(RCX));
        cpu.setGpr(RAX, result.eax() & 0xFFFF_FFFFL);
        cpu.setGpr(RBX, result.ebx() & 0xFFFF_FFFFL);
        cpu.setGpr(RCX, result.ecx() & 0xFFFF_FFFFL);
        cpu.setGpr(RDX, result.edx() & 0xFFFF_FFFFL);
    }

    private void rdtsc(Instruction instruction, Execution x) throws CpuException {
        long tsc = readTsc(instruction);
        cpu.setGpr(RAX, tsc & 0xFFFF_FFFFL);
        cpu.setGpr(RDX, tsc >>> 32);
    }

    private void rdtscp(Instruction instruction, Execution x) throws CpuException {
        requireFeature(CpuFeature.RDTSCP, instruction);
        rdtsc(instruction, x);
        cpu.setGpr(RCX, cpu.msr(CpuState.MSR_TSC_AUX) & 0xFFFF_FFFFL);
    }

    private long readTsc(Instruction instruction) throws CpuException {
        if (cpu.cpl() != 0 && (cpu.cr(4) & CR4_TSD) != 0) {
            throw CpuException.generalProtection(0, instruction.mnemonic() + " at CPL 3 with CR4.TSD set");
        }
        return machine.model().tsc(machine.instructionsRetired());
    }

    /** A model with RDRAND or RDSEED would need a deterministic random source; none has been given. */
    private void unsupportedRandom(Instruction instruction, Execution x) throws CpuException {
        CpuFeature feature = instruction.mnemonic() == RDRAND ? CpuFeature.RDRAND : CpuFeature.RDSEED;
        requireFeature(feature, instruction);
        throw new EngineError(instruction.mnemonic() + " at " + Long.toHexString(instruction.address())
                + ": the CPU model reports it but the engine has no deterministic random source");
    }

    private void requireFeature(CpuFeature feature, Instruction instruction) throws CpuException {
        if (!feature.isReportedBy(machine.model())) {
            throw CpuException.invalidOpcode(instruction.mnemonic() + ": the CPU model lacks " + feature);
        }
    }
}
