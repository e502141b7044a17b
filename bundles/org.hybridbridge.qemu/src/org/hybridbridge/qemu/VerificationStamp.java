package org.hybridbridge.qemu;

import java.nio.file.Path;

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
        return identity != null && identity.equals(StampFile.read(stampOf(snapshot.path()))); // none: hash in full
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
        StampFile.write(stampOf(snapshot.path()), identity);
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
