package org.hybridbridge.fast;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashSet;
import java.util.Set;

import org.hybridbridge.kvm.GuestMemory;

/**
 * Kernel code runs at CPL3 here (DESIGN.md 3.4), so every paging entry on the way to a
 * kernel-half page needs the U bit. This sets it in the guest's private copy of the page tables:
 * on every table reachable from the kernel half of a root, each table once, and on the walk of
 * one address when a protection fault shows a table the kernel made after the start. A 1 GiB
 * page faults with RSVD on this KVM; splitting one needs VMM-owned memory, which part 1 does not
 * have, so it is refused in one line.
 */
final class KernelUserBits {

    private static final long PRESENT = ViewTables.PRESENT, USER = ViewTables.USER, LARGE = ViewTables.LARGE;
    private static final long ADDRESS = ViewTables.ADDRESS;
    private static final int ENTRIES = 512, KERNEL_HALF = 256, PAGE = 4096;
    private static final int PML4 = 3, PDPT = 2;

    private final GuestMemory memory;
    private final Set<Long> marked = new HashSet<>();
    private long entriesChanged;

    KernelUserBits(GuestMemory memory) {
        this.memory = memory;
    }

    /**
     * Sets U on the kernel half of the hierarchy under {@code cr3}: the root's entries each time
     * (the kernel adds some), lower tables once.
     */
    void markKernelHalf(long cr3) {
        markTable(cr3 & ADDRESS, PML4, KERNEL_HALF);
    }

    /**
     * Sets U on the entries of the walk of {@code linear} under {@code cr3} that lack it.
     *
     * @return whether any lacked it (the fault was ours, not the kernel's)
     */
    boolean fixWalk(long cr3, long linear) {
        long table = cr3 & ADDRESS;
        boolean fixed = false;
        for (int level = PML4; level >= 0; level--) {
            long at = table + 8 * (linear >>> 12 + 9 * level & ENTRIES - 1);
            if (at + 8 > memory.size()) {
                return fixed;
            }
            long entry = memory.getLong(at);
            if ((entry & PRESENT) == 0) {
                return fixed;
            }
            if ((entry & USER) == 0) {
                memory.putLong(at, entry | USER);
                entriesChanged++;
                fixed = true;
            }
            if (level > 0 && (entry & LARGE) != 0) {
                refuseGigabytePage(level, linear);
                return fixed;
            }
            table = entry & ADDRESS;
        }
        return fixed;
    }

    /** @return how many entries got the U bit so far */
    long entriesChanged() {
        return entriesChanged;
    }

    private void markTable(long table, int level, int first) {
        if (table + PAGE > memory.size() || first == 0 && !marked.add(table)) {
            return;
        }
        byte[] bytes = memory.getBytes(table, PAGE);
        ByteBuffer entries = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        boolean changed = false;
        for (int i = first; i < ENTRIES; i++) {
            long entry = entries.getLong(i * 8);
            if ((entry & PRESENT) == 0) {
                continue;
            }
            if ((entry & USER) == 0) {
                entries.putLong(i * 8, entry | USER);
                entriesChanged++;
                changed = true;
            }
            if (level == 0) {
                continue;
            }
            if ((entry & LARGE) != 0) {
                refuseGigabytePage(level, (long) i << 12 + 9 * level);
                continue;
            }
            markTable(entry & ADDRESS, level - 1, 0);
        }
        if (changed) {
            memory.putBytes(table, bytes);
        }
    }

    private static void refuseGigabytePage(int level, long where) {
        if (level == PDPT) {
            throw new FastBridgeException(String.format("a 1 GiB kernel page (near %#x) faults with RSVD on this KVM "
                    + "and splitting it is not implemented", where));
        }
    }
}
