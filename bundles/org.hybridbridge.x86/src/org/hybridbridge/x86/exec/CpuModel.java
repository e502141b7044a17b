package org.hybridbridge.x86.exec;

/**
 * The processor the engine claims to be: what {@code cpuid} answers and what the time-stamp
 * counter reads. Deterministic, so runs from the same snapshot repeat exactly.
 */
public interface CpuModel {

    /** @return the answer of {@code cpuid} for {@code leaf} (EAX) and {@code subleaf} (ECX) */
    CpuidResult cpuid(int leaf, int subleaf);

    /** @return the TSC after {@code instructionsRetired} instructions, a function of that count only */
    long tsc(long instructionsRetired);
}
