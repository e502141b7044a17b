package org.hybridbridge.qemu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A file's hash is remembered beside it for as long as the file stays the same. */
class HashStampTest {

    @Test
    void theHashIsTheFilesAndIsStampedBesideIt(@TempDir Path directory) throws Exception {
        Path image = Files.writeString(directory.resolve("vmlinuz"), "a kernel");
        assertEquals(sha256("a kernel"), HashStamp.sha256(image));
        Path stamp = directory.resolve("vmlinuz.sha256");
        assertTrue(Files.readString(stamp).endsWith("\n" + sha256("a kernel")), "stamped with the file's identity");
        assertEquals(sha256("a kernel"), HashStamp.sha256(image), "from the stamp");
    }

    @Test
    void aFileWrittenSinceItsStampIsHashedAgain(@TempDir Path directory) throws Exception {
        Path image = Files.writeString(directory.resolve("svm.cpio.gz"), "an initramfs");
        HashStamp.sha256(image);
        Files.writeString(image, "another initramfs of a different size");
        assertEquals(sha256("another initramfs of a different size"), HashStamp.sha256(image));
        Path replacement = Files.writeString(directory.resolve("new"), "a third initramfs");
        Files.move(replacement, image, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertEquals(sha256("a third initramfs"), HashStamp.sha256(image), "replaced: another inode");
    }

    @Test
    void aStampThatIsNotAStampIsIgnored(@TempDir Path directory) throws Exception {
        Path image = Files.writeString(directory.resolve("vmlinuz"), "a kernel");
        Files.writeString(directory.resolve("vmlinuz.sha256"), "garbage");
        assertEquals(sha256("a kernel"), HashStamp.sha256(image));
    }

    private static String sha256(String text) throws NoSuchAlgorithmException, IOException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    }
}
