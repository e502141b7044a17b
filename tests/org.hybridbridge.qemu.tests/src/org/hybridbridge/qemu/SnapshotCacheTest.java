package org.hybridbridge.qemu;

import org.hybridbridge.progress.ProgressListener;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

/** The cache of start snapshots: taken once per image build, served from the cache after. */
class SnapshotCacheTest {

    @Test
    void aSecondRequestIsServedFromTheCacheWithoutBootingAGuest() throws IOException {
        TestGuests.require(GuestKind.SVM);
        SnapshotCache cache = new SnapshotCache(GuestImages.inDefaultCache(), MachineOptions.defaults());

        Path first = cache.svm(ProgressListener.NONE);
        long firstWritten = Files.getLastModifiedTime(first).toMillis();
        Path second = cache.svm(ProgressListener.NONE);

        assertEquals(first, second);
        assertEquals(firstWritten, Files.getLastModifiedTime(second).toMillis());
        try (SnapshotFile snapshot = SnapshotFile.open(second)) {
            assertEquals(SnapshotManifest.Marker.PARK, snapshot.manifest().marker().kind(), "one for every utility");
            assertTrue(second.startsWith(GuestImages.inDefaultCache().cacheDirectory().resolve("snapshots")), second.toString());
        }
    }
}
