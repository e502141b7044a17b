package org.hybridbridge.internal.qemu.image;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Collections;
import java.util.TreeMap;

/**
 * The files of an initramfs, by absolute path in the guest, kept sorted so that the same
 * contents always make the same archive, byte for byte. Parent directories are added as needed.
 */
public final class InitramfsTree {

    /** What one path holds; modes are the permission bits only. */
    public sealed interface Entry permits Directory, RegularFile, Symlink, CharDevice {
        String path();
    }

    public record Directory(String path, int mode) implements Entry {
    }

    public record RegularFile(String path, int mode, byte[] content) implements Entry {
    }

    public record Symlink(String path, String target) implements Entry {
    }

    public record CharDevice(String path, int mode, int major, int minor) implements Entry {
    }

    private final TreeMap<String, Entry> entries = new TreeMap<>();

    public void directory(String path) {
        checkAbsolute(path);
        addParents(path);
        entries.putIfAbsent(path, new Directory(path, 0755));
    }

    public void file(String path, int mode, byte[] content) {
        add(new RegularFile(path, mode, content.clone()));
    }

    /** Adds a copy of host file {@code source}. */
    public void copy(Path source, String path, int mode) throws IOException {
        add(new RegularFile(path, mode, Files.readAllBytes(source)));
    }

    public void symlink(String path, String target) {
        add(new Symlink(path, target));
    }

    public void charDevice(String path, int mode, int major, int minor) {
        add(new CharDevice(path, mode, major, minor));
    }

    /** Whether {@code path} is taken already. */
    public boolean contains(String path) {
        return entries.containsKey(path);
    }

    /** The entries in path order: parents before children. */
    public Collection<Entry> entries() {
        return Collections.unmodifiableCollection(entries.values());
    }

    private void add(Entry entry) {
        checkAbsolute(entry.path());
        addParents(entry.path());
        entries.put(entry.path(), entry);
    }

    private void addParents(String path) {
        int slash = path.lastIndexOf('/');
        if (slash > 0) {
            directory(path.substring(0, slash));
        }
    }

    private static void checkAbsolute(String path) {
        if (!path.startsWith("/") || path.endsWith("/") || path.contains("//")) {
            throw new IllegalArgumentException("not an absolute file path: " + path);
        }
    }
}
