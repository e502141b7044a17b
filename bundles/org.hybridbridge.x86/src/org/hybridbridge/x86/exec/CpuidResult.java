package org.hybridbridge.x86.exec;

/** The four registers {@code cpuid} returns. */
public record CpuidResult(int eax, int ebx, int ecx, int edx) {

    public static final CpuidResult ZERO = new CpuidResult(0, 0, 0, 0);
}
