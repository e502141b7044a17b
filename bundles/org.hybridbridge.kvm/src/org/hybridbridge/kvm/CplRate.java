package org.hybridbridge.kvm;

/**
 * Guest instructions executed at one privilege level and the wall time {@code KVM_RUN} took.
 *
 * @param cpl          0 or 3
 * @param instructions exactly counted instructions of the measured run
 * @param nanos        wall time of that {@code KVM_RUN}, entry and exit included
 */
public record CplRate(int cpl, long instructions, long nanos) {

    /** Instructions per second. */
    public double instructionsPerSecond() {
        return instructions * 1e9 / nanos;
    }
}
