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

    static void register(InstructionSet set) {
        set.define(IdentificationSemantics::cpuid, CPUID);
        set.define(IdentificationSemantics::rdtsc, RDTSC);
        set.define(IdentificationSemantics::rdtscp, RDTSCP);
        set.define((i, x) -> {
            throw CpuException.generalProtection(0, "rdpmc: the CPU model has no performance counters");
        }, RDPMC);
        set.define(IdentificationSemantics::unsupportedRandom, RDRAND, RDSEED);
    }

    private static void cpuid(Instruction instruction, Execution x) {
        CpuState cpu = x.cpu();
        CpuidResult result = x.machine().model().cpuid((int) cpu.gpr(RAX), (int) cpu.gpr(RCX));
        cpu.setGpr(RAX, result.eax() & 0xFFFF_FFFFL);
        cpu.setGpr(RBX, result.ebx() & 0xFFFF_FFFFL);
        cpu.setGpr(RCX, result.ecx() & 0xFFFF_FFFFL);
        cpu.setGpr(RDX, result.edx() & 0xFFFF_FFFFL);
    }

    private static void rdtsc(Instruction instruction, Execution x) throws CpuException {
        CpuState cpu = x.cpu();
        long tsc = readTsc(instruction, x);
        cpu.setGpr(RAX, tsc & 0xFFFF_FFFFL);
        cpu.setGpr(RDX, tsc >>> 32);
    }

    private static void rdtscp(Instruction instruction, Execution x) throws CpuException {
        CpuState cpu = x.cpu();
        requireFeature(CpuFeature.RDTSCP, instruction, x);
        rdtsc(instruction, x);
        cpu.setGpr(RCX, cpu.msr(CpuState.MSR_TSC_AUX) & 0xFFFF_FFFFL);
    }

    private static long readTsc(Instruction instruction, Execution x) throws CpuException {
        CpuState cpu = x.cpu();
        if (cpu.cpl() != 0 && (cpu.cr(4) & CR4_TSD) != 0) {
            throw CpuException.generalProtection(0, instruction.mnemonic() + " at CPL 3 with CR4.TSD set");
        }
        return x.machine().timeStampCounter();
    }

    /** A model with RDRAND or RDSEED would need a deterministic random source; none has been given. */
    private static void unsupportedRandom(Instruction instruction, Execution x) throws CpuException {
        CpuFeature feature = instruction.mnemonic() == RDRAND ? CpuFeature.RDRAND : CpuFeature.RDSEED;
        requireFeature(feature, instruction, x);
        throw new EngineError(instruction.mnemonic() + " at " + Long.toHexString(instruction.address())
                + ": the CPU model reports it but the engine has no deterministic random source");
    }

    private static void requireFeature(CpuFeature feature, Instruction instruction, Execution x) throws CpuException {
        if (!feature.isReportedBy(x.machine().model())) {
            throw CpuException.invalidOpcode(instruction.mnemonic() + ": the CPU model lacks " + feature);
        }
    }
}
