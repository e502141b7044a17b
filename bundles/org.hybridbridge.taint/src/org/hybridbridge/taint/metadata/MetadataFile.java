package org.hybridbridge.taint.metadata;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import com.google.gson.annotations.SerializedName;

/**
 * Meta-data persisted as JSON, one file per kernel profile ({@code metadata.json} in its
 * directory), until the EMF model of DESIGN.md 3.5 takes over. Format, version 1:
 *
 * <pre>
 * {
 *   "formatVersion": 1,
 *   "kernelBanner": "Linux version 6.1.0-56-cloud-amd64 ...\n",
 *   "instructions": [
 *     { "address": "0xffffffff810b0f4c",        linear address, hex
 *       "symbol": "__x64_sys_getpid+0xc",       function+offset
 *       "bytes": "65488b3c2580fb0100",          encoding, hex
 *       "text": "mov %gs:0x1fb80,%rdi",         AT&amp;T
 *       "class": "R",                           R | NR | MIXED
 *       "executions": 1,
 *       "syscalls": [ "getpid" ], "utilities": [ "getpid" ],
 *       "taintSource": "current_task+0x0" }     R and MIXED only: the source that made it R
 *   ]
 * }
 * </pre>
 *
 * Records are sorted by address. {@link #mergeInto} only adds to a file: its records stay,
 * with more executions, syscalls and utilities, and R or NR becomes MIXED when seen the other way.
 */
public final class MetadataFile {

    public static final int FORMAT_VERSION = 1;
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();
    /** One monitor per lock file, for the threads of this JVM. */
    private static final ConcurrentMap<Path, Object> THREADS = new ConcurrentHashMap<>();

    private record Json(int formatVersion, String kernelBanner, List<JsonRecord> instructions) {
    }

    private record JsonRecord(String address, String symbol, String bytes, String text,
            @SerializedName("class") AccessClass accessClass,
            long executions, List<String> syscalls, List<String> utilities, String taintSource) {
    }

    private MetadataFile() {
    }

    /** Reads {@code file}; a file that is not meta-data of this format is an {@link IllegalArgumentException}. */
    public static KernelMetadata read(Path file) {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            Json json = GSON.fromJson(reader, Json.class);
            if (json == null || json.formatVersion() != FORMAT_VERSION || json.instructions() == null) {
                throw new IllegalArgumentException(
                        file + " is not Hybrid-Bridge meta-data of format " + FORMAT_VERSION);
            }
            KernelMetadata metadata = new KernelMetadata(json.kernelBanner());
            for (JsonRecord r : json.instructions()) {
                metadata.record(new InstructionRecord(Long.parseUnsignedLong(r.address().substring(2), 16), r.symbol(),
                        r.bytes(), r.text(), r.accessClass(), r.executions(), Set.copyOf(r.syscalls()),
                        Set.copyOf(r.utilities()), r.taintSource()));
            }
            return metadata;
        } catch (IOException | JsonParseException | NullPointerException | IndexOutOfBoundsException e) {
            throw new IllegalArgumentException("cannot read meta-data " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Adds {@code learned} to the meta-data in {@code file} (created if absent) and writes it back.
     * Concurrent runs on one kernel profile (threads or processes) each merge theirs: the
     * read-merge-write holds an exclusive lock on {@code file.lock} beside it, and the new content
     * goes to a temporary file of its own, moved over {@code file} atomically, so a reader never
     * sees half a file.
     *
     * @return everything known now
     */
    public static KernelMetadata mergeInto(Path file, KernelMetadata learned) throws IOException {
        Path lockFile = file.toAbsolutePath().getParent().toRealPath().resolve(file.getFileName() + ".lock");
        // A file lock is the whole JVM's: a second one on the file throws, and closing any channel on
        // the file drops them all (POSIX). So the threads of this JVM take turns before opening it.
        synchronized (THREADS.computeIfAbsent(lockFile, path -> new Object())) {
            try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                    FileLock lock = channel.lock()) {
                KernelMetadata all = new KernelMetadata(learned.kernelBanner());
                if (Files.exists(file)) {
                    all.mergeFrom(read(file));
                }
                all.mergeFrom(learned);
                write(all, file);
                return all;
            }
        }
    }

    /** Writes {@code metadata} to {@code file}, replacing it atomically; the caller holds the lock. */
    private static void write(KernelMetadata metadata, Path file) throws IOException {
        List<JsonRecord> records = metadata.records().stream()
                .map(r -> new JsonRecord(String.format("0x%x", r.address()), r.symbol(), r.bytes(), r.text(),
                        r.accessClass(), r.executions(), List.copyOf(r.syscalls()), List.copyOf(r.utilities()),
                        r.taintSource()))
                .toList();
        Path temporary = Files.createTempFile(file.toAbsolutePath().getParent(), "." + file.getFileName() + ".",
                ".tmp");
        try {
            try (Writer writer = Files.newBufferedWriter(temporary, StandardCharsets.UTF_8)) {
                GSON.toJson(new Json(FORMAT_VERSION, metadata.kernelBanner(), records), writer);
            }
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }
}
