package org.hybridbridge.core.run;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.hybridbridge.qemu.FileIdentity;
import org.hybridbridge.qemu.SnapshotFile;
import org.hybridbridge.qemu.VerificationStamp;

/**
 * Snapshot files verified (memory SHA-256) before a run, by {@link FileIdentity}. A snapshot is
 * hashed in full the first time it is used, and its {@link VerificationStamp} written; later runs, in this process or a fresh one ({@code hb run}),
 * hash it again only if its identity changed since. {@code hb snapshot info} and
 * {@link SnapshotFile#verify} themselves always hash in full.
 */
public final class VerifiedSnapshots {

    private static final Map<Path, String> VERIFIED = new ConcurrentHashMap<>();

    private VerifiedSnapshots() {
    }

    /** Verifies {@code snapshot}'s memory hash unless the very same file was verified already. */
    public static void verify(SnapshotFile snapshot) {
        Path path = snapshot.path().toAbsolutePath().normalize();
        String identity = FileIdentity.of(path); // before hashing: a write during it shows next time; null: always hash
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
}
