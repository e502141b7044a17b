package org.hybridbridge.core.run;

import java.util.List;
import java.util.OptionalLong;

import org.hybridbridge.qemu.InvalidSnapshotException;
import org.hybridbridge.qemu.KernelProfile;
import org.hybridbridge.qemu.SnapshotManifest;
import org.hybridbridge.qemu.VcpuState;
import org.hybridbridge.x86.exec.CpuException;
import org.hybridbridge.x86.exec.Mmu;

/**
 * The GVM CPU whose context introspection takes: its current task, its per-CPU counters. The
 * per-CPU areas come from the GVM kernel's own {@code __per_cpu_offset[0 .. nr_cpu_ids)}, read
 * through its page tables, never from the SVM: each guest lays them out by its own RAM size,
 * initramfs size and CPU count. By default the CPU is the one the snapshot's vCPU state belongs
 * to (the CPU the freeze ran on; an import's first vCPU), recognised by its kernel GS base or, where
 * the state has none (an ELF core of a CPU in user mode, from a QEMU older than 5.2: no MSRs), by
 * its place among the snapshot's vCPU states. A vCPU state that gives a kernel GS base must agree
 * with {@code __per_cpu_offset}.
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
     * @param snapshot  the GVM snapshot's manifest: its vCPU state, and every vCPU's where it has them
     * @param requested the CPU the user asked for, or {@code null} for the snapshot's own
     */
    public static GvmCpu select(Mmu gvm, KernelProfile profile, SnapshotManifest snapshot, Integer requested) {
        int count = cpuCount(gvm, profile);
        long offsets = profile.symbol("__per_cpu_offset");
        List<VcpuState> vcpus = snapshot.vcpus();
        if (requested != null) {
            if (requested < 0 || requested >= count) {
                throw new IllegalArgumentException("the GVM has CPUs 0 to " + (count - 1) + ", not " + requested);
            }
            long base = perCpuBase(gvm, offsets, requested);
            boolean checked = requested < vcpus.size() && crossCheck(vcpus.get(requested), requested, base);
            return new GvmCpu(requested, count, base, checked ? "chosen; its vCPU state's GS base agrees" : "chosen");
        }
        OptionalLong kernelGsBase = kernelGsBase(snapshot.vcpu());
        if (kernelGsBase.isPresent()) {
            for (int cpu = 0; cpu < count; cpu++) {
                if (perCpuBase(gvm, offsets, cpu) == kernelGsBase.getAsLong()) {
                    return new GvmCpu(cpu, count, kernelGsBase.getAsLong(), "the snapshot's vCPU");
                }
            }
            throw new InvalidSnapshotException(String.format("the snapshot's vCPU has kernel GS base 0x%x, none of "
                    + "the GVM's %d per-CPU areas (__per_cpu_offset): choose its CPU with --gvm-cpu",
                    kernelGsBase.getAsLong(), count));
        }
        int cpu = vcpus.indexOf(snapshot.vcpu());
        if (cpu < 0 || cpu >= count) {
            throw new InvalidSnapshotException("the snapshot's vCPU was in user mode and its state has no "
                    + "KERNEL_GS_BASE, nor a CPU number: choose its CPU with --gvm-cpu");
        }
        return new GvmCpu(cpu, count, perCpuBase(gvm, offsets, cpu),
                "the snapshot's vCPU " + cpu + ", by __per_cpu_offset alone: its state has no kernel GS base");
    }

    /**
     * @return whether {@code vcpu}, CPU {@code cpu}'s state, gave a kernel GS base to compare with {@code base}
     * @throws InvalidSnapshotException when it gave another: the snapshot's CPU numbers are not the guest's
     */
    private static boolean crossCheck(VcpuState vcpu, int cpu, long base) {
        OptionalLong kernelGsBase = kernelGsBase(vcpu);
        if (kernelGsBase.isPresent() && kernelGsBase.getAsLong() != base) {
            throw new InvalidSnapshotException(String.format("the snapshot's vCPU %d has kernel GS base 0x%x, the "
                    + "GVM's __per_cpu_offset[%d] is 0x%x: its vCPU states are not in the guest's CPU order", cpu,
                    kernelGsBase.getAsLong(), cpu, base));
        }
        return kernelGsBase.isPresent();
    }

    /**
     * In kernel mode GS holds the per-CPU base; in user mode swapgs parked it in KERNEL_GS_BASE,
     * which a state without MSRs (an old QEMU's ELF core) does not know.
     */
    private static OptionalLong kernelGsBase(VcpuState vcpu) {
        VcpuState.Segment cs = vcpu.segments().get("cs");
        VcpuState.Segment gs = vcpu.segments().get("gs");
        if (cs != null && (cs.selector() & CS_RPL) == 0 && gs != null) {
            return OptionalLong.of(gs.base());
        }
        Long parked = vcpu.registers().get("kernel_gs_base");
        return parked == null ? OptionalLong.empty() : OptionalLong.of(parked);
    }
    /** @return the guest's {@code nr_cpu_ids}, refused in one line unless it is a CPU count this kernel can have */
    public static int cpuCount(Mmu gvm, KernelProfile profile) {
        int count = (int) read(gvm, profile.symbol("nr_cpu_ids"), 4, "nr_cpu_ids");
        if (count < 1 || count > MAX_CPUS) {
            throw new InvalidSnapshotException("the GVM's nr_cpu_ids reads " + Integer.toUnsignedString(count)
                    + ": its kernel data is not this kernel build's, or is damaged");
        }
        return count;
    }

    /** @return CPU {@code cpu}'s per-CPU area, {@code __per_cpu_offset[cpu]} read through the guest's tables */
    public static long perCpuBase(Mmu gvm, KernelProfile profile, int cpu) {
        return perCpuBase(gvm, profile.symbol("__per_cpu_offset"), cpu);
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
