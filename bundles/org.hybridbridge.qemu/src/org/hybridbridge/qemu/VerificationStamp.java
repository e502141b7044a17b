package org.hybridbridge.qemu;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The record beside a snapshot file ({@code NAME.hbsnap.verified}) that its memory was hashed in
 * full and matched its manifest, with what identified the file then: device and inode, size,
 * modification and status-change times ({@link FileIdentity}), and the manifest's memory hash. A
 * run that finds the stamp matching the file as it is now skips the hash (~1 s for a 256 MiB
 * snapshot). Copying a snapshot makes a new identity, and the copy is hashed in full on its first
 * use.
 */
public final class VerificationStamp {

    private VerificationStamp() {
    }

    /** @return whether {@code snapshot}'s stamp says its memory was verified as the file is now */
    public static boolean holds(SnapshotFile snapshot) {
        String identity = identity(snapshot);
        try {
            return identity != null && identity.equals(Files.readString(stampOf(snapshot.path())));
        } catch (IOException | SecurityException e) {
            return false; // no stamp (or none readable): hash in full
        }
    }

    /**
     * Stamps {@code snapshot}, whose memory the caller has just verified in full. Best effort: a
     * directory the user cannot write to keeps no stamp, and runs hash the file each time.
     */
    public static void record(SnapshotFile snapshot) {
        String identity = identity(snapshot);
        if (identity == null) {
            return;
        }
        Path stamp = stampOf(snapshot.path());
        try {
            Path partial = Files.writeString(stamp.resolveSibling(stamp.getFileName() + ".partial"), identity);
            Files.move(partial, stamp, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | SecurityException e) {
            // unstamped: verified again next time
        }
    }

    static Path stampOf(Path snapshot) {
        return snapshot.resolveSibling(snapshot.getFileName() + ".verified");
    }

    /** @return the file's identity and its manifest's hash, or {@code null} where the file system cannot tell */
    private static String identity(SnapshotFile snapshot) {
        String identity = FileIdentity.of(snapshot.path());
        return identity == null ? null : identity + " sha256=" + snapshot.manifest().memorySha256();
    }
}
