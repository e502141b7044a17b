package org.hybridbridge.cli;

import org.hybridbridge.qemu.SnapshotFile;
import org.hybridbridge.qemu.SnapshotManifest.MemoryRange;

/** How many pages of a snapshot's memory range hold only zeros (never touched by the guest, mostly). */
record PageStatistics(long pages, long zeroPages) {

    private static final int PAGE = 4096;
    private static final int PAGES_PER_READ = 256;

    static PageStatistics of(SnapshotFile snapshot, MemoryRange range) {
        long pages = range.size() / PAGE;
        long zero = 0;
        for (long page = 0; page < pages; page += PAGES_PER_READ) {
            int count = (int) Math.min(PAGES_PER_READ, pages - page);
            byte[] bytes = snapshot.readPhysical(range.guestPhysical() + page * PAGE, count * PAGE);
            for (int i = 0; i < count; i++) {
                if (isZero(bytes, i * PAGE)) {
                    zero++;
                }
            }
        }
        return new PageStatistics(pages, zero);
    }

    private static boolean isZero(byte[] bytes, int from) {
        for (int i = from; i < from + PAGE; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return true;
    }
}
