package org.hybridbridge.qemu;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.TreeMap;

/**
 * What identifies a file's contents without reading them: device and inode, size, modification
 * and status-change times. Writing a file changes both times, replacing it changes the inode,
 * and no user can set the status-change time back, so an unchanged identity is an unchanged
 * file; a copy has an identity of its own. What spares a run hashing a file again keeps it
 * ({@link VerificationStamp}, {@link HashStamp}, the snapshots a process verified).
 */
public final class FileIdentity {

    private static final String ATTRIBUTES = "unix:dev,ino,size,lastModifiedTime,ctime";

    private FileIdentity() {
    }

    /** @return {@code file}'s identity now, or {@code null} where the file system cannot tell it (or no file is there) */
    public static String of(Path file) {
        try {
            return new TreeMap<>(Files.readAttributes(file, ATTRIBUTES)).toString();
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException | SecurityException e) {
            return null;
        }
    }
}
