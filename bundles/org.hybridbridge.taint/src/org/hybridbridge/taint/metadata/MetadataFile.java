package org.hybridbridge.taint.metadata;

import java.io.IOException;
import java.io.Reader;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import org.hybridbridge.model.KernelBuild;
import org.hybridbridge.model.ModelFactory;
import org.hybridbridge.model.store.ModelStore;

import com.google.gson.Gson;
import com.google.gson.JsonParseException;
import com.google.gson.annotations.SerializedName;

/**
 * The meta-data store of a kernel build: the model's {@link KernelBuild} (DESIGN.md 3.5) in one
 * EMF binary resource, {@value #STORE_NAME} in the kernel profile's directory, read and written
 * by Slow-Bridge, {@code hb metadata} and the workbench alike. {@link #mergeInto} only adds to a
 * store: its records stay, with more executions, syscalls and utilities, and R or NR becomes
 * MIXED when seen the other way.
 *
 * <p>Earlier versions kept the meta-data as JSON ({@value #LEGACY_JSON_NAME}, format 1, the
 * layout {@code hb metadata export --json} still writes); {@link #inProfile} imports such a file
 * into the store once, the first time the store is asked for, and leaves it in place.
 */
public final class MetadataFile {

    /** The store's name in a kernel profile's directory. */
    public static final String STORE_NAME = "metadata.hbmeta";
    /** The JSON meta-data of earlier versions, imported into the store once. */
    public static final String LEGACY_JSON_NAME = "metadata.json";
    private static final int LEGACY_FORMAT_VERSION = 1;
    /** One monitor per lock file, for the threads of this JVM. */
    private static final ConcurrentMap<Path, Object> THREADS = new ConcurrentHashMap<>();

    private record LegacyJson(int formatVersion, String kernelBanner, List<LegacyRecord> instructions) {
    }

    private record LegacyRecord(String address, String symbol, String bytes, String text,
            @SerializedName("class") AccessClass accessClass,
            long executions, List<String> syscalls, List<String> utilities, String taintSource) {
    }

    private MetadataFile() {
    }

    /**
     * @return the store of the kernel profile in {@code directory}, after importing the profile's
     *         {@value #LEGACY_JSON_NAME} into it if the store does not exist yet
     */
    public static Path inProfile(Path directory) throws IOException {
        Path store = directory.resolve(STORE_NAME);
        Path legacy = directory.resolve(LEGACY_JSON_NAME);
        if (!Files.exists(store) && Files.exists(legacy)) {
            locked(store, () -> {
                if (!Files.exists(store)) {
                    write(readLegacyJson(legacy), store);
                }
                return null;
            });
        }
        return store;
    }

    /** Reads the store {@code file}; a file that is not one is an {@link IllegalArgumentException}. */
    public static KernelMetadata read(Path file) {
        return copy(StoreCache.read(file, MetadataFile::readFile));
    }

    /**
     * Starts reading the store {@code file}, if there is one, beside the caller's work: a run
     * calls it as it starts, so the store is in memory when the run merges into it.
     */
    public static void readAhead(Path file) {
        StoreCache.readAhead(file, MetadataFile::readFile);
    }

    /**
     * Reads the store {@code file} from the file itself, whatever this process read of it before:
     * what {@code hb bench store} measures. Runs and views call {@link #read}.
     */
    public static KernelMetadata readFile(Path file) {
        KernelBuild build = ModelStore.read(file, KernelBuild.class);
        KernelMetadata metadata = new KernelMetadata(build.getBanner());
        for (org.hybridbridge.model.InstructionRecord r : build.getInstructions()) {
            metadata.record(new InstructionRecord(r.getAddress(), r.getSymbol(), r.getBytes(), r.getText(),
                    AccessClass.valueOf(r.getAccessClass().getName()), r.getExecutions(), Set.copyOf(r.getSyscalls()),
                    Set.copyOf(r.getUtilities()), SourceNames.split(r.getTaintSource())));
        }
        return metadata;
    }

    /**
     * Adds {@code learned} to the store {@code file} (created if absent) and writes it back.
     * Concurrent runs on one kernel profile (threads or processes) each merge theirs: the
     * read-merge-write holds an exclusive lock on {@code file.lock} beside it, and the store is
     * replaced atomically, so a reader never sees half a file.
     *
     * @return everything known now
     */
    public static KernelMetadata mergeInto(Path file, KernelMetadata learned) throws IOException {
        return locked(file, () -> {
            KernelMetadata all = new KernelMetadata(learned.kernelBanner());
            if (Files.exists(file)) {
                all.mergeFrom(StoreCache.read(file, MetadataFile::readFile));
            }
            all.mergeFrom(learned);
            write(all, file);
            StoreCache.written(file, all);
            return copy(all);
        });
    }

    private interface LockedWork<T> {
        T run() throws IOException;
    }

    private static <T> T locked(Path file, LockedWork<T> work) throws IOException {
        Path lockFile = file.toAbsolutePath().getParent().toRealPath().resolve(file.getFileName() + ".lock");
        // A file lock is the whole JVM's: a second one on the file throws, and closing any channel on
        // the file drops them all (POSIX). So the threads of this JVM take turns before opening it.
        synchronized (THREADS.computeIfAbsent(lockFile, path -> new Object())) {
            try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                    FileLock lock = channel.lock()) {
                return work.run();
            }
        }
    }

    /** Writes {@code metadata} to the store {@code file}, replacing it atomically; the caller holds the lock. */
    private static void write(KernelMetadata metadata, Path file) throws IOException {
        ModelStore.write(toModel(metadata), file);
    }

    /** @return {@code metadata} as the model's root of a store */
    public static KernelBuild toModel(KernelMetadata metadata) {
        KernelBuild build = ModelFactory.eINSTANCE.createKernelBuild();
        build.setBanner(metadata.kernelBanner());
        for (InstructionRecord r : metadata.records()) {
            org.hybridbridge.model.InstructionRecord stored = ModelFactory.eINSTANCE.createInstructionRecord();
            stored.setAddress(r.address());
            stored.setSymbol(r.symbol());
            stored.setBytes(r.bytes());
            stored.setText(r.text());
            stored.setAccessClass(org.hybridbridge.model.AccessClass.get(r.accessClass().name()));
            stored.setExecutions(r.executions());
            stored.getSyscalls().addAll(r.syscalls());
            stored.getUtilities().addAll(r.utilities());
            stored.setTaintSource(r.taintSourceText());
            build.getInstructions().add(stored);
        }
        return build;
    }

    private static KernelMetadata copy(KernelMetadata metadata) {
        KernelMetadata copy = new KernelMetadata(metadata.kernelBanner());
        copy.mergeFrom(metadata);
        return copy;
    }

    private static KernelMetadata readLegacyJson(Path file) {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            LegacyJson json = new Gson().fromJson(reader, LegacyJson.class);
            if (json == null || json.formatVersion() != LEGACY_FORMAT_VERSION || json.instructions() == null) {
                throw new IllegalArgumentException(
                        file + " is not Hybrid-Bridge meta-data of format " + LEGACY_FORMAT_VERSION);
            }
            KernelMetadata metadata = new KernelMetadata(json.kernelBanner());
            for (LegacyRecord r : json.instructions()) {
                metadata.record(new InstructionRecord(Long.parseUnsignedLong(r.address().substring(2), 16), r.symbol(),
                        r.bytes(), r.text(), r.accessClass(), r.executions(), Set.copyOf(r.syscalls()),
                        Set.copyOf(r.utilities()), SourceNames.split(r.taintSource())));
            }
            return metadata;
        } catch (IOException | JsonParseException | NullPointerException | IndexOutOfBoundsException e) {
            throw new IllegalArgumentException("cannot import meta-data " + file + ": " + e.getMessage(), e);
        }
    }
}
