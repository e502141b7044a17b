package org.hybridbridge.qemu;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** A 4-level x86-64 page walk over a snapshot's memory, for tests (the x86 bundle owns the real one). */
final class PageWalk {

    private static final long ADDRESS_MASK = 0x000ffffffffff000L;
    private static final long PRESENT = 1;
    private static final long LARGE = 1 << 7;

    private PageWalk() {
    }

    static long physical(SnapshotFile snapshot, long cr3, long virtual) {
        long table = cr3 & ADDRESS_MASK;
        for (int level = 4;; level--) {
            int shift = 12 + 9 * (level - 1);
            long index = (virtual >>> shift) & 0x1ff;
            long entry = ByteBuffer.wrap(snapshot.readPhysical(table + 8 * index, 8)).order(ByteOrder.LITTLE_ENDIAN)
                    .getLong();
            if ((entry & PRESENT) == 0) {
                throw new AssertionError(String.format("0x%x is not mapped (level %d)", virtual, level));
            }
            if (level == 1 || (level <= 3 && (entry & LARGE) != 0)) {
                long pageMask = (1L << shift) - 1;
                return (entry & ADDRESS_MASK & ~pageMask) | (virtual & pageMask);
            }
            table = entry & ADDRESS_MASK;
        }
    }
}
