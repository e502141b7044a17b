package org.hybridbridge.core.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.hybridbridge.qemu.SnapshotFile;
import org.hybridbridge.qemu.VerificationStamp;

/**
 * Snapshot files verified (memory SHA-256) before a run, by identity: device and inode, size,
 * modification and status-change times. Writing the file changes both times, replacing it
 * changes the inode, and no user can set the status-change time back, so an unchanged identity
 * is an unchanged file. A snapshot is hashed in full the first time it is used, and its
 * {@link VerificationStamp} written; later runs, in this process or a fresh one ({@code hb run}),
 * hash it again only if its identity changed since. {@code hb snapshot info} and
 * {@link SnapshotFile#verify} themselves always hash in full.
 */
public final class VerifiedSnapshots {

    private static final String IDENTITY = "unix:dev,ino,size,lastModifiedTime,ctime";
    private static final Map<Path, Map<String, Object>> VERIFIED = new ConcurrentHashMap<>();

    private VerifiedSnapshots() {
    }

    /** Verifies {@code snapshot}'s memory hash unless the very same file was verified already. */
    public static void verify(SnapshotFile snapshot) {
        Path path = snapshot.path().toAbsolutePath().normalize();
        Map<String, Object> identity = identity(path); // before hashing: a write during it shows next time
        if (identity != null && identity.equals(VERIFIED.get(path))) {
            return;
        }
        if (!VerificationStamp.holds(snapshot)) {
            snapshot.verify();
            VerificationStamp.record(snapshot);
        }
        if (identity != null) {
            VERIFIED.put(path, identity);
        }
    }

    /** @return the file's identity, or {@code null} where the file system cannot tell it (then always hash) */
    private static Map<String, Object> identity(Path path) {
        try {
            return Map.copyOf(Files.readAttributes(path, IDENTITY));
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return null;
        }
    }
}
