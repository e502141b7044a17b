package org.hybridbridge.x86.oracle;

/** What {@code cpuid} answers, given to both sides of a lockstep so glibc takes the same paths in each. */
@FunctionalInterface
interface CpuidSource {

    /** The registers {@code cpuid} writes, in the order of {@link #cpuid}'s answer: EAX, EBX, ECX, EDX. */
    int[] OUTPUT_REGISTERS = { 0, 3, 1, 2 };

    /** @return EAX, EBX, ECX, EDX for {@code leaf} (EAX) and {@code subleaf} (ECX) */
    int[] cpuid(int leaf, int subleaf);
}
