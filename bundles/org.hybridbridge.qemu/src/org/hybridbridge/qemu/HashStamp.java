package org.hybridbridge.qemu;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import org.hybridbridge.internal.qemu.image.Hashes;

/**
 * The SHA-256 of a file, remembered beside it ({@code NAME.sha256}) with the file's
 * {@link FileIdentity}: the kernel profile is found by the hashes of the SVM's kernel and
 * initramfs (21 MB), which every fresh {@code hb run} hashed again (~90 ms). A stamp whose
 * identity is not the file's as it is now is ignored, and the file hashed.
 */
public final class HashStamp {

    private HashStamp() {
    }

    /** @return the SHA-256 of {@code file}, lower-case hex: from its stamp if that still holds, else hashed and stamped */
    public static String sha256(Path file) throws IOException {
        Path stamp = file.resolveSibling(file.getFileName() + ".sha256");
        String identity = FileIdentity.of(file); // before hashing: a write during it leaves no stamp
        if (identity != null) {
            String stamped = stamped(stamp, identity);
            if (stamped != null) {
                return stamped;
            }
        }
        String sha256 = Hashes.sha256(file);
        if (identity != null && identity.equals(FileIdentity.of(file))) {
            record(stamp, identity + "\n" + sha256);
        }
        return sha256;
    }

    /** @return the hash {@code stamp} keeps for {@code identity}, or {@code null} */
    private static String stamped(Path stamp, String identity) {
        try {
            String[] lines = Files.readString(stamp).split("\n");
            return lines.length == 2 && lines[0].equals(identity) && lines[1].matches("[0-9a-f]{64}") ? lines[1] : null;
        } catch (IOException | SecurityException e) {
            return null; // none, or unreadable: hash
        }
    }

    /** Best effort: where the directory cannot be written, the file is hashed every time. */
    private static void record(Path stamp, String contents) {
        try {
            Path partial = Files.createTempFile(stamp.getParent(), stamp.getFileName().toString(), ".partial");
            try {
                Files.writeString(partial, contents);
                Files.move(partial, stamp, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(partial);
            }
        } catch (IOException | SecurityException e) {
            // unstamped: hashed again next time
        }
    }
}
