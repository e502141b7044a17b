package org.hybridbridge.qemu;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * A small file beside another that remembers something about it as it was ({@link
 * VerificationStamp}, {@link HashStamp}). Best effort both ways: a stamp that cannot be read is
 * none, and one that cannot be written is not kept; the caller then does the work again.
 */
final class StampFile {

    private StampFile() {
    }

    /** @return the contents of {@code stamp}, or {@code null} when there is none to read */
    static String read(Path stamp) {
        try {
            return Files.readString(stamp);
        } catch (IOException | SecurityException e) {
            return null;
        }
    }

    /** Replaces {@code stamp} with {@code contents} at once, through a temporary file of its own; silent if it cannot. */
    static void write(Path stamp, String contents) {
        try {
            Path partial = Files.createTempFile(stamp.getParent(), stamp.getFileName().toString(), ".partial");
            try {
                Files.writeString(partial, contents);
                Files.move(partial, stamp, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(partial);
            }
        } catch (IOException | SecurityException e) {
            // not kept: the caller's work is done again next time
        }
    }
}
