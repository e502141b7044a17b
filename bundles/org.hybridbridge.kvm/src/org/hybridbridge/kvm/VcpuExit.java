package org.hybridbridge.kvm;

/**
 * Why {@link KvmVcpu#run()} returned, one record per {@code KVM_EXIT_*} reason this project
 * handles, so a run loop is one {@code switch}.
 */
public sealed interface VcpuExit {

    /**
     * {@code KVM_EXIT_IO}, guest wrote to a port.
     *
     * @param data the bytes written: {@code size} times the repeat count of a string
     *             instruction, a copy
     */
    record IoOut(int port, int size, byte[] data) implements VcpuExit {
    }

    /** {@code KVM_EXIT_IO}, guest reads {@code count} items of {@code size} bytes from a port. */
    record IoIn(int port, int size, int count) implements VcpuExit {
    }

    /**
     * {@code KVM_EXIT_MMIO}: the guest accessed {@code length} bytes at a guest-physical address
     * no memory slot backs. A read completes with the value given to
     * {@link KvmVcpu#completeMmioRead} before the next run; a write is done when the vCPU runs again.
     *
     * @param data the bytes written (little-endian, zero-extended), 0 for a read
     */
    record Mmio(long physicalAddress, int length, boolean write, long data) implements VcpuExit {
    }

    /** {@code KVM_EXIT_HLT}: the guest executed {@code hlt} at CPL0. */
    record Hlt() implements VcpuExit {
    }

    /**
     * {@code KVM_EXIT_SHUTDOWN}: a triple fault, e.g. any exception with no IDT. The registers
     * are intact and the vCPU can be resumed after setting them.
     */
    record Shutdown() implements VcpuExit {
    }

    /** {@code KVM_EXIT_DEBUG}: a guest-debug event, its exception vector and the guest RIP. */
    record Debug(int exception, long pc) implements VcpuExit {
    }

    /** {@code KVM_EXIT_INTERNAL_ERROR}, e.g. suberror 1 for an instruction KVM cannot emulate. */
    record InternalError(int suberror) implements VcpuExit {
    }

    /** {@code KVM_EXIT_FAIL_ENTRY}: the hardware refused the vCPU state, with its reason code. */
    record FailEntry(long reason) implements VcpuExit {
    }

    /** {@code KVM_EXIT_INTR}: a signal interrupted {@code KVM_RUN}; run again to continue. */
    record Interrupted() implements VcpuExit {
    }

    /** Any other {@code KVM_EXIT_*} reason, by number. */
    record Other(int reason) implements VcpuExit {
    }
}
