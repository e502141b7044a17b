package org.hybridbridge.core.run;

import org.hybridbridge.qemu.InvalidSnapshotException;
import org.hybridbridge.qemu.KernelProfile;
import org.hybridbridge.qemu.VcpuState;
import org.hybridbridge.x86.exec.CpuException;
import org.hybridbridge.x86.exec.Mmu;

/**
 * The GVM CPU whose context introspection takes: its current task, its per-CPU counters. The
 * per-CPU areas come from the GVM kernel's own {@code __per_cpu_offset[0 .. nr_cpu_ids)}, read
 * through its page tables, never from the SVM: each guest lays them out by its own RAM size,
 * initramfs size and CPU count. By default the CPU is the one the snapshot's vCPU state belongs
 * to (the CPU the freeze ran on), recognised by its kernel GS base.
 *
 * @param number     the CPU's number in the GVM
 * @param count      the GVM's {@code nr_cpu_ids}
 * @param perCpuBase the CPU's per-CPU area ({@code __per_cpu_offset[number]})
 * @param chosenBy   how it was chosen, for the summary: the vCPU state's GS base, or the user
 */
public record GvmCpu(int number, int count, long perCpuBase, String chosenBy) {

    /** CONFIG_NR_CPUS's ceiling on x86-64: a larger nr_cpu_ids is not this kernel's data. */
    private static final int MAX_CPUS = 8192;
    private static final int CS_RPL = 3;

    /**
     * @param gvm       the GVM's kernel address space
     * @param vcpu      the snapshot's vCPU state
     * @param requested the CPU the user asked for, or {@code null} for the snapshot's own
     */
    public static GvmCpu select(Mmu gvm, KernelProfile profile, VcpuState vcpu, Integer requested) {
        int count = (int) read(gvm, profile.symbol("nr_cpu_ids"), 4, "nr_cpu_ids");
        if (count < 1 || count > MAX_CPUS) {
            throw new InvalidSnapshotException("the GVM's nr_cpu_ids reads " + Integer.toUnsignedString(count)
                    + ": its kernel data is not this kernel build's, or is damaged");
        }
        long offsets = profile.symbol("__per_cpu_offset");
        if (requested != null) {
            if (requested < 0 || requested >= count) {
                throw new IllegalArgumentException("the GVM has CPUs 0 to " + (count - 1) + ", not " + requested);
            }
            return new GvmCpu(requested, count, perCpuBase(gvm, offsets, requested), "chosen");
        }
        long kernelGsBase = kernelGsBase(vcpu);
        for (int cpu = 0; cpu < count; cpu++) {
            if (perCpuBase(gvm, offsets, cpu) == kernelGsBase) {
                return new GvmCpu(cpu, count, kernelGsBase, "the snapshot's vCPU");
            }
        }
        throw new InvalidSnapshotException(String.format("the snapshot's vCPU has kernel GS base 0x%x, none of the "
                + "GVM's %d per-CPU areas (__per_cpu_offset): choose its CPU with --gvm-cpu", kernelGsBase, count));
    }

    /** In kernel mode GS holds the per-CPU base; in user mode swapgs parked it in KERNEL_GS_BASE. */
    private static long kernelGsBase(VcpuState vcpu) {
        VcpuState.Segment cs = vcpu.segments().get("cs");
        boolean kernelMode = cs != null && (cs.selector() & CS_RPL) == 0;
        VcpuState.Segment gs = vcpu.segments().get("gs");
        return kernelMode && gs != null ? gs.base() : vcpu.registers().getOrDefault("kernel_gs_base", 0L);
    }

    private static long perCpuBase(Mmu gvm, long offsets, int cpu) {
        return read(gvm, offsets + 8L * cpu, 8, "__per_cpu_offset[" + cpu + "]");
    }

    private static long read(Mmu gvm, long address, int size, String what) {
        try {
            return gvm.read(address, size);
        } catch (CpuException e) {
            throw new InvalidSnapshotException(String.format("the GVM's %s (0x%x) is not mapped by its page tables: %s",
                    what, address, e.getMessage()));
        }
    }
}
