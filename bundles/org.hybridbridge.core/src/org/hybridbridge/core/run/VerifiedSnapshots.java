package org.hybridbridge.core.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.hybridbridge.qemu.SnapshotFile;

/**
 * The snapshot files this process has verified (memory SHA-256) before a run, by identity: the
 * first run of a process that uses a snapshot hashes its memory in full; later runs in the same
 * process (a benchmark, the fuzzer, the workbench) hash it again only if its identity changed:
 * device and inode, size, modification and status-change times. Writing the file changes both
 * times, replacing it changes the inode, and no user can set the status-change time back, so an
 * unchanged identity is an unchanged file. A fresh process ({@code hb run}) always hashes in full,
 * and so do {@code hb snapshot info} and {@link SnapshotFile#verify} themselves.
 */
public final class VerifiedSnapshots {

    private static final String IDENTITY = "unix:dev,ino,size,lastModifiedTime,ctime";
    private static final Map<Path, Map<String, Object>> VERIFIED = new ConcurrentHashMap<>();

    private VerifiedSnapshots() {
    }

    /** Verifies {@code snapshot}'s memory hash unless this process verified the very same file already. */
    public static void verify(SnapshotFile snapshot) {
        Path path = snapshot.path().toAbsolutePath().normalize();
        Map<String, Object> identity = identity(path); // before hashing: a write during it shows next time
        if (identity != null && identity.equals(VERIFIED.get(path))) {
            return;
        }
        snapshot.verify();
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
