package org.hybridbridge.qemu;

import org.hybridbridge.progress.ProgressListener;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

/** The cache of start snapshots: taken once per image build, served from the cache after. */
class SnapshotCacheTest {

    @Test
    void aUtilitysCommandLineBecomesAFileName() {
        assertEquals("getpid", SnapshotCache.fileNameOf("getpid"));
        assertEquals("ps_-o_pidcomm", SnapshotCache.fileNameOf(" ps  -o pid,comm "));
        assertEquals("cat_procversion", SnapshotCache.fileNameOf("cat /proc/version"));
        assertThrows(IllegalArgumentException.class, () -> SnapshotCache.fileNameOf("  "));
    }

    @Test
    void aSecondRequestIsServedFromTheCacheWithoutBootingAGuest() throws IOException {
        TestGuests.require(GuestKind.SVM);
        SnapshotCache cache = new SnapshotCache(GuestImages.inDefaultCache(), MachineOptions.defaults());

        Path first = cache.svm("getpid", ProgressListener.NONE);
        long firstWritten = Files.getLastModifiedTime(first).toMillis();
        Path second = cache.svm("getpid", ProgressListener.NONE);

        assertEquals(first, second);
        assertEquals(firstWritten, Files.getLastModifiedTime(second).toMillis());
        try (SnapshotFile snapshot = SnapshotFile.open(second)) {
            assertEquals("getpid", snapshot.manifest().marker().command());
            assertTrue(second.startsWith(GuestImages.inDefaultCache().cacheDirectory().resolve("snapshots")), second.toString());
        }
    }
}
