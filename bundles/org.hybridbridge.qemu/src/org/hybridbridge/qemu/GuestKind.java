package org.hybridbridge.qemu;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The guests of DESIGN.md 3.1, which boot the same kernel with different initramfs images
 * ({@code native/<label>-init} is each one's {@code /init}) and, for the fixture GVMs, other RAM
 * sizes and vCPU counts than the SVM: an analyst's guest lays its kernel data out nothing like
 * the SVM, and the bridge must not care.
 */
public enum GuestKind {
    /** The secure VM: busybox, hb-agent and the inspection utilities. */
    SVM(MachineOptions.DEFAULT_MEMORY_MIB, 1),
    /** The demo guest to introspect: recognisable processes, a module, a hostname, a file. */
    GVM(MachineOptions.DEFAULT_MEMORY_MIB, 1),
    /**
     * A fixture GVM like a busy server: 150+ processes with servers' names and arguments, a
     * zombie, processes of a user without a name, several modules, a listening TCP socket, an
     * established loopback connection and an ARP entry; 2 GiB and 4 vCPUs.
     */
    GVM_BUSY(2048, 4),
    /**
     * A fixture GVM that runs Debian's own programs (procps, sysstat: dynamically linked with
     * glibc) as its long-running processes beside daemons' names, with network state and a route
     * of its own; 1 GiB and 2 vCPUs.
     */
    GVM_DEBIAN(1024, 2),
    /**
     * A fixture GVM whose point is network state: several interfaces (dummy, a veth pair, a
     * bridge) with addresses and routes, listening TCP and UDP sockets on distinct ports,
     * established loopback connections, permanent ARP entries, daemons' names; 512 MiB and 8 vCPUs.
     */
    GVM_NET(512, 8);

    private final int memoryMib;
    private final int cpus;

    GuestKind(int memoryMib, int cpus) {
        this.memoryMib = memoryMib;
        this.cpus = cpus;
    }

    /** The name on the command line and in file names, e.g. {@code svm}, {@code gvm-debian}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** @return whether it is a guest to introspect (frozen with its ground truth), not the SVM */
    public boolean isGvm() {
        return this != SVM;
    }

    /** @return how it boots unless told otherwise: its RAM size and vCPU count */
    public MachineOptions defaultOptions() {
        return MachineOptions.defaults().withMemoryMib(memoryMib).withCpus(cpus);
    }

    /** Parses a {@link #label()} (any case); anything else is a one-line error. */
    public static GuestKind parse(String label) {
        for (GuestKind kind : values()) {
            if (kind.label().equalsIgnoreCase(label)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("unknown guest '" + label + "': expected one of "
                + Arrays.stream(values()).map(GuestKind::label).collect(Collectors.joining(", ")));
    }
}
