package org.hybridbridge.qemu;

import java.io.IOException;
import java.nio.file.Path;

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
            StampFile.write(stamp, identity + "\n" + sha256);
        }
        return sha256;
    }

    /** @return the hash {@code stamp} keeps for {@code identity}, or {@code null} */
    private static String stamped(Path stamp, String identity) {
        String contents = StampFile.read(stamp);
        String[] lines = contents == null ? new String[0] : contents.split("\n");
        return lines.length == 2 && lines[0].equals(identity) && lines[1].matches("[0-9a-f]{64}") ? lines[1] : null;
    }
}
