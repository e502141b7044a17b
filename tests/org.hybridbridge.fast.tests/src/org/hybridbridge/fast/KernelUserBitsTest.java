package org.hybridbridge.fast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.hybridbridge.kvm.GuestMemory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The U bit on kernel-half paging entries, on page tables built in memory. */
class KernelUserBitsTest {

    private static final long P = 1, W = 2, U = 4, PS = 0x80;
    private static final long PML4 = 0x1000, KERNEL_PDPT = 0x2000, KERNEL_PD = 0x3000, KERNEL_PT = 0x4000,
            USER_PDPT = 0x5000;
    /** 0xffffffff80000000: PML4 511, PDPT 510, PD 0. */
    private static final long KERNEL_ADDRESS = 0xFFFF_FFFF_8000_0000L;

    private final GuestMemory memory = GuestMemory.allocate(1 << 20);

    @AfterEach
    void unmap() {
        memory.close();
    }

    private void kernelHalfAndUserHalf() {
        memory.putLong(PML4 + 8 * 511, KERNEL_PDPT | P | W);
        memory.putLong(KERNEL_PDPT + 8 * 510, KERNEL_PD | P | W);
        memory.putLong(KERNEL_PD, KERNEL_PT | P | W);
        memory.putLong(KERNEL_PT, 0x10000 | P);
        memory.putLong(KERNEL_PD + 8, 0x200000 | P | PS); // a 2 MiB page
        memory.putLong(PML4, USER_PDPT | P | W); // the user half, without U on purpose
    }

    @Test
    void everyKernelHalfEntryGetsTheUserBitAndTheUserHalfIsLeftAlone() {
        kernelHalfAndUserHalf();

        KernelUserBits bits = new KernelUserBits(memory);
        bits.markKernelHalf(PML4);

        for (long entry : new long[] { PML4 + 8 * 511, KERNEL_PDPT + 8 * 510, KERNEL_PD, KERNEL_PT, KERNEL_PD + 8 }) {
            assertTrue((memory.getLong(entry) & U) != 0, () -> Long.toHexString(entry));
        }
        assertEquals(USER_PDPT | P | W, memory.getLong(PML4));
        assertEquals(5, bits.entriesChanged());
    }

    @Test
    void aTableMarkedOnceIsNotWalkedAgainButANewRootEntryIs() {
        kernelHalfAndUserHalf();
        KernelUserBits bits = new KernelUserBits(memory);
        bits.markKernelHalf(PML4);
        memory.putLong(KERNEL_PT + 8, 0x11000 | P); // added under an already marked table: found by the walk fix-up
        memory.putLong(PML4 + 8 * 300, 0x6000 | P | W); // a new root entry

        bits.markKernelHalf(PML4);

        assertTrue((memory.getLong(PML4 + 8 * 300) & U) != 0);
        assertEquals(0, memory.getLong(KERNEL_PT + 8) & U);
        assertTrue(bits.fixWalk(PML4, KERNEL_ADDRESS + 0x1000));
        assertTrue((memory.getLong(KERNEL_PT + 8) & U) != 0);
        assertFalse(bits.fixWalk(PML4, KERNEL_ADDRESS + 0x1000), "nothing left to fix: the fault is the kernel's");
    }

    @Test
    void aGigabytePageIsRefusedInOneLine() {
        memory.putLong(PML4 + 8 * 511, KERNEL_PDPT | P | W);
        memory.putLong(KERNEL_PDPT + 8 * 510, 0x4000_0000L | P | PS);

        FastBridgeException refused = assertThrows(FastBridgeException.class,
                () -> new KernelUserBits(memory).markKernelHalf(PML4));
        assertTrue(refused.getMessage().contains("1 GiB"), refused.getMessage());
    }
}
