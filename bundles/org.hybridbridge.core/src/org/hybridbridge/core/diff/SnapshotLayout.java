package org.hybridbridge.core.diff;

import org.hybridbridge.core.run.GvmCpu;
import org.hybridbridge.model.PageRegion;
import org.hybridbridge.qemu.InvalidSnapshotException;
import org.hybridbridge.qemu.KernelProfile;
import org.hybridbridge.qemu.SnapshotFile;
import org.hybridbridge.qemu.SnapshotManifest.MemoryRange;
import org.hybridbridge.x86.exec.AccessType;
import org.hybridbridge.x86.exec.CpuException;
import org.hybridbridge.x86.exec.Mmu;
import org.hybridbridge.x86.exec.PhysicalMemory;

/**
 * The {@link PageRegion} of each guest-physical page of one snapshot, from its kernel's layout read
 * through its own page tables: each guest places its per-CPU areas and vmalloc pages by its own
 * RAM and CPU count, so two guests' layouts are never assumed alike.
 */
final class SnapshotLayout {

    static final int PAGE_SHIFT = 12;
    private static final long PAGE = 1L << PAGE_SHIFT;
    /** 4-level paging's vmalloc area is 32 TiB from vmalloc_base (KASLR moves the base). */
    private static final long VMALLOC_SIZE = 32L << 40;
    private static final long DEFAULT_VMALLOC_BASE = 0xffff_c900_0000_0000L;
    /** Modules live between the kernel image's 1 GiB and the fixmap. */
    private static final long MODULES_START = 0xffff_ffff_c000_0000L, MODULES_END = 0xffff_ffff_ff00_0000L;

    /** By page frame number: a region's ordinal + 1; 0 for RAM the kernel maps directly. */
    private final byte[] regions;

    private SnapshotLayout(byte[] regions) {
        this.regions = regions;
    }

    static SnapshotLayout of(SnapshotFile snapshot, KernelProfile profile) {
        long end = 0;
        for (MemoryRange range : snapshot.manifest().memory()) {
            end = Math.max(end, range.guestPhysical() + range.size());
        }
        SnapshotLayout layout = new SnapshotLayout(new byte[Math.toIntExact(end >>> PAGE_SHIFT)]);
        Mmu kernel = SnapshotDiffer.kernelSpace(snapshot);
        PhysicalMemory memory = kernel.physicalMemory();
        layout.markImage(kernel, profile);
        layout.markPerCpuAreas(kernel, profile);
        long vmallocBase = profile.findSymbol("vmalloc_base").isPresent()
                ? read(kernel, profile.symbol("vmalloc_base")) : DEFAULT_VMALLOC_BASE;
        long root = snapshot.manifest().vcpu().register("cr3");
        PageTableWalk.walk(memory, root, vmallocBase, vmallocBase + VMALLOC_SIZE,
                (linear, physical) -> layout.markIfUnmarked(physical, PageRegion.VMALLOC));
        PageTableWalk.walk(memory, root, MODULES_START, MODULES_END,
                (linear, physical) -> layout.markIfUnmarked(physical, PageRegion.VMALLOC));
        return layout;
    }

    /** @return the region of the page holding {@code physical}; {@code null} if this snapshot has no such page */
    PageRegion regionOf(long physical) {
        long frame = physical >>> PAGE_SHIFT;
        if (frame >= regions.length) {
            return null;
        }
        int region = regions[(int) frame];
        return region == 0 ? PageRegion.DIRECT_MAPPED : PageRegion.values()[region - 1];
    }

    private void markImage(Mmu kernel, KernelProfile profile) {
        markLinear(kernel, profile.symbol("_text"), profile.symbol("_end"), PageRegion.KERNEL_IMAGE_OTHER);
        markLinear(kernel, profile.symbol("_text"), profile.symbol("_etext"), PageRegion.KERNEL_TEXT);
        // Not _etext to _sdata: the kernel frees the 2 MiB alignment gaps around rodata for reuse.
        markLinear(kernel, profile.symbol("__start_rodata"), profile.symbol("__end_rodata"), PageRegion.KERNEL_RODATA);
        markLinear(kernel, profile.symbol("_sdata"), profile.symbol("_edata"), PageRegion.KERNEL_DATA);
        markLinear(kernel, profile.symbol("__bss_start"), profile.symbol("__bss_stop"), PageRegion.KERNEL_BSS);
    }

    private void markPerCpuAreas(Mmu kernel, KernelProfile profile) {
        int cpus = GvmCpu.cpuCount(kernel, profile);
        for (int cpu = 0; cpu < cpus; cpu++) {
            long base = GvmCpu.perCpuBase(kernel, profile, cpu);
            markLinear(kernel, base + profile.symbol("__per_cpu_start"), base + profile.symbol("__per_cpu_end"),
                    PageRegion.PER_CPU);
        }
    }

    private void markLinear(Mmu kernel, long from, long to, PageRegion region) {
        for (long linear = from & -PAGE; Long.compareUnsigned(linear, to) < 0; linear += PAGE) {
            try {
                mark(kernel.translate(linear, AccessType.READ), region);
            } catch (CpuException e) {
                // A hole in the mapping (freed init memory): no page to classify.
            }
        }
    }

    private void markIfUnmarked(long physical, PageRegion region) {
        long frame = physical >>> PAGE_SHIFT;
        if (frame < regions.length && regions[(int) frame] == 0) {
            regions[(int) frame] = (byte) (region.ordinal() + 1);
        }
    }

    private void mark(long physical, PageRegion region) {
        long frame = physical >>> PAGE_SHIFT;
        if (frame < regions.length) {
            regions[(int) frame] = (byte) (region.ordinal() + 1);
        }
    }

    private static long read(Mmu kernel, long address) {
        try {
            return kernel.read(address, 8);
        } catch (CpuException e) {
            throw new InvalidSnapshotException(String.format(
                    "the kernel variable at 0x%x is not mapped by the snapshot's page tables: %s", address,
                    e.getMessage()));
        }
    }
}
