package org.hybridbridge.qemu;

import java.time.Duration;

/**
 * How a guest is booted. The CPU model and the kernel command line are fixed by DESIGN.md 3.1
 * and not options: every guest of a kernel build must see the same ISA.
 *
 * @param memoryMib      guest RAM in MiB
 * @param cpus           vCPUs (QEMU's {@code -smp})
 * @param bootTimeout    how long to wait for hb-agent's first prompt
 * @param commandTimeout how long one command may run
 */
public record MachineOptions(int memoryMib, int cpus, Duration bootTimeout, Duration commandTimeout) {

    public static final int DEFAULT_MEMORY_MIB = 256;
    public static final int MAX_CPUS = 8;

    public MachineOptions {
        if (memoryMib < 64 || memoryMib > 3072) {
            // Above 3 GiB the PCI hole splits RAM, which the raw snapshot format does not describe.
            throw new IllegalArgumentException("guest memory must be 64 to 3072 MiB, not " + memoryMib);
        }
        if (cpus < 1 || cpus > MAX_CPUS) {
            throw new IllegalArgumentException("a guest has 1 to " + MAX_CPUS + " vCPUs, not " + cpus);
        }
    }

    /** 256 MiB, one vCPU, two minutes to boot (TCG on a busy host), five minutes per command. */
    public static MachineOptions defaults() {
        return new MachineOptions(DEFAULT_MEMORY_MIB, 1, Duration.ofMinutes(2), Duration.ofMinutes(5));
    }

    public MachineOptions withMemoryMib(int mib) {
        return new MachineOptions(mib, cpus, bootTimeout, commandTimeout);
    }

    public MachineOptions withCpus(int count) {
        return new MachineOptions(memoryMib, count, bootTimeout, commandTimeout);
    }
}
