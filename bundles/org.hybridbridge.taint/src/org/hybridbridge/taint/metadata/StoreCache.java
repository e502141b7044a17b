package org.hybridbridge.taint.metadata;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Function;

/**
 * The meta-data stores this process read or wrote, each with the identity its file had then
 * (inode, size, modification time): reading a store whose file has not changed since is a
 * lookup. A store is replaced by renaming a new file over it, so any write, by this process or
 * another, gives it a new identity and the next read goes to the file. Reading 1.5 MB of EMF
 * binary took a warm run's save phase most of its time, and a fresh {@code hb run} a tenth of
 * its wall time; {@link #readAhead} moves that read beside the run.
 *
 * <p>The cached {@link KernelMetadata} objects are never handed out to be changed: the callers
 * copy what they return.
 */
final class StoreCache {

    private record Identity(Object fileKey, long size, FileTime modified) {

        /** @return the identity of {@code file} now, or {@code null} when it has none to read */
        static Identity of(Path file) {
            try {
                BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
                return new Identity(attributes.fileKey(), attributes.size(), attributes.lastModifiedTime());
            } catch (IOException e) {
                return null; // absent or unreadable: the reader says why
            }
        }
    }

    private record Entry(Identity identity, KernelMetadata metadata) {
    }

    private static final ConcurrentMap<Path, CompletableFuture<Entry>> ENTRIES = new ConcurrentHashMap<>();

    private StoreCache() {
    }

    /**
     * @return the store in {@code file}: the one read or written last if the file is still that
     *         one, else what {@code reader} reads now. Not to be changed.
     */
    static KernelMetadata read(Path file, Function<Path, KernelMetadata> reader) {
        Path key = file.toAbsolutePath().normalize();
        Identity now = Identity.of(file);
        CompletableFuture<Entry> known = ENTRIES.get(key);
        Entry entry = known == null ? null : known.exceptionally(failure -> null).join();
        if (entry != null && now != null && entry.identity().equals(now)) {
            return entry.metadata();
        }
        KernelMetadata read = reader.apply(file);
        remember(key, now, read);
        return read;
    }

    /** Remembers {@code metadata} as what {@code file} holds now that it was written; not to be changed after. */
    static void written(Path file, KernelMetadata metadata) {
        remember(file.toAbsolutePath().normalize(), Identity.of(file), metadata);
    }

    /**
     * Starts reading the store {@code file} on a thread of its own unless it is known as it is;
     * a failed read is forgotten, and {@link #read} reads the file again and reports it.
     */
    static void readAhead(Path file, Function<Path, KernelMetadata> reader) {
        Path key = file.toAbsolutePath().normalize();
        Identity now = Identity.of(file);
        CompletableFuture<Entry> known = ENTRIES.get(key);
        if (now == null || known != null && !known.isDone()) {
            return;
        }
        Entry entry = known == null ? null : known.exceptionally(failure -> null).join();
        if (entry != null && entry.identity().equals(now)) {
            return;
        }
        CompletableFuture<Entry> ahead = new CompletableFuture<>();
        ENTRIES.put(key, ahead);
        Thread.ofPlatform().daemon().name("meta-data read-ahead").start(() -> {
            try {
                ahead.complete(new Entry(now, reader.apply(file)));
            } catch (RuntimeException | Error e) {
                ahead.completeExceptionally(e);
            }
        });
    }

    private static void remember(Path key, Identity identity, KernelMetadata metadata) {
        if (identity != null) {
            ENTRIES.put(key, CompletableFuture.completedFuture(new Entry(identity, metadata)));
        }
    }
}
