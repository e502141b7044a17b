package org.hybridbridge.core.metadata;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.hybridbridge.model.KernelBuild;
import org.hybridbridge.model.store.ModelStore.Format;
import org.hybridbridge.model.store.ModelStore;
import org.hybridbridge.progress.CancelledException;
import org.hybridbridge.progress.ProgressListener;
import org.hybridbridge.taint.metadata.AccessClass;
import org.hybridbridge.taint.metadata.InstructionRecord;
import org.hybridbridge.taint.metadata.KernelMetadata;
import org.hybridbridge.taint.metadata.MetadataFile;

/**
 * {@code hb bench model}: the meta-data store's formats measured on a kernel build's worth of
 * synthetic records (the real store holds ~10,000 after the paper's utilities; 100,000 is the
 * size the workbench must stay fluid at), in one warm process: file size, save and load time of
 * EMF's binary resource and of XMI, and the load of the store into Slow-Bridge's
 * {@link KernelMetadata}, which every run does.
 */
public final class StoreBenchmark {

    private static final int WARM_UPS = 2;
    private static final String BANNER = "Linux version 6.1.0 (synthetic records for hb bench model)\n";

    /**
     * @param what     the format, or the load into the engine's type
     * @param bytes    the file's size
     * @param save     median time to write it
     * @param load     median time to read it
     */
    public record Row(String what, long bytes, Duration save, Duration load) {
    }

    private StoreBenchmark() {
    }

    /** Measures {@code records} synthetic records, {@code repetitions} times after two warm-ups, in {@code directory}. */
    public static List<Row> measure(int records, int repetitions, Path directory, ProgressListener progress) {
        progress.beginTask("Store of " + records + " records", 3);
        KernelMetadata metadata = synthetic(records);
        KernelBuild model = MetadataFile.toModel(metadata);
        List<Row> rows = new ArrayList<>();
        try {
            for (Format format : Format.values()) {
                checkCancelled(progress);
                progress.subTask(format + ": " + (WARM_UPS + repetitions) + " saves and loads");
                Path file = directory.resolve("store." + format.name().toLowerCase());
                long[] saves = new long[repetitions];
                long[] loads = new long[repetitions];
                for (int i = -WARM_UPS; i < repetitions; i++) {
                    Files.deleteIfExists(file);
                    long start = System.nanoTime();
                    ModelStore.write(model, file, format);
                    long saved = System.nanoTime();
                    KernelBuild read = ModelStore.read(file, KernelBuild.class, format);
                    long loaded = System.nanoTime();
                    if (read.getInstructions().size() != records) {
                        throw new IllegalStateException(format + " read back " + read.getInstructions().size()
                                + " records of " + records);
                    }
                    model = read; // writing moves the root into the file's resource: keep the one just read
                    if (i >= 0) {
                        saves[i] = saved - start;
                        loads[i] = loaded - saved;
                    }
                }
                rows.add(new Row("EMF " + format.name().toLowerCase(), Files.size(file), median(saves),
                        median(loads)));
                progress.worked(1);
            }
            progress.subTask("the store into Slow-Bridge's KernelMetadata");
            Path store = directory.resolve("store.binary");
            long[] loads = new long[repetitions];
            for (int i = -WARM_UPS; i < repetitions; i++) {
                long start = System.nanoTime();
                int read = MetadataFile.readFile(store).records().size();
                if (read != records) {
                    throw new IllegalStateException("read back " + read + " records of " + records);
                }
                if (i >= 0) {
                    loads[i] = System.nanoTime() - start;
                }
            }
            rows.add(new Row("binary into KernelMetadata", Files.size(store), null, median(loads)));
            progress.worked(1);
            return rows;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Records shaped like real ones: function+offset symbols, encodings, AT&T text, sets of calls and utilities. */
    public static KernelMetadata synthetic(int records) {
        KernelMetadata metadata = new KernelMetadata(BANNER);
        List<String> syscalls = List.of("getpid", "read", "openat", "newfstatat", "getdents64", "sysinfo", "uname");
        List<String> utilities = List.of("ps", "lsmod", "netstat", "uptime", "free", "getpid");
        for (int i = 0; i < records; i++) {
            AccessClass accessClass = AccessClass.values()[i % AccessClass.values().length];
            metadata.record(new InstructionRecord(0xffffffff81000000L + 7L * i,
                    String.format("function_%d+0x%x", i / 40, i % 40 * 7), "65488b3c2580fb0100",
                    String.format("mov 0x%x(%%rdi),%%rax", i % 4096), accessClass, 1 + i % 97,
                    new TreeSet<>(List.of(syscalls.get(i % syscalls.size()), syscalls.get(i / 3 % syscalls.size()))),
                    Set.of(utilities.get(i % utilities.size())),
                    accessClass == AccessClass.NR ? List.of() : List.of("current_task+0x0")));
        }
        return metadata;
    }

    private static Duration median(long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return Duration.ofNanos(sorted[sorted.length / 2]);
    }

    private static void checkCancelled(ProgressListener progress) {
        if (progress.isCancelled()) {
            throw new CancelledException("the store benchmark");
        }
    }
}
