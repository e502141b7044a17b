package org.hybridbridge.taint.metadata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Meta-data stores only grow: merged runs add counts and provenance, and R plus NR make MIXED. */
class MetadataFileTest {

    private static final String BANNER = "Linux version 6.1.0-56-cloud-amd64 (test)\n";
    private static final long LOAD = 0xffffffff810b0f4cL;

    private static InstructionRecord observation(long address, AccessClass accessClass, String syscall, String source) {
        return new InstructionRecord(address, "__x64_sys_getpid+0xc", "65488b3c2580fb0100", "mov %gs:0x1fb80,%rdi",
                accessClass, 1, Set.of(syscall), Set.of("getpid"), SourceNames.split(source));
    }

    @Test
    void mergingRunsGrowsTheFileAndMixesClasses(@TempDir Path directory) throws IOException {
        Path file = directory.resolve("metadata.hbmeta");
        KernelMetadata first = new KernelMetadata(BANNER);
        first.record(observation(LOAD, AccessClass.R, "getpid", "current_task+0x0"));
        first.record(observation(LOAD, AccessClass.R, "getpid", "current_task+0x0"));
        first.record(observation(LOAD + 9, AccessClass.NR, "getpid", null));
        MetadataFile.mergeInto(file, first);

        KernelMetadata second = new KernelMetadata(BANNER);
        second.record(observation(LOAD + 9, AccessClass.R, "getppid", "current_task+0x0"));
        KernelMetadata all = MetadataFile.mergeInto(file, second);

        KernelMetadata read = MetadataFile.readFile(file); // the file itself, not what this process remembers of it
        assertEquals(2, read.records().size());
        InstructionRecord load = read.find(LOAD);
        assertEquals(AccessClass.R, load.accessClass());
        assertEquals(2, load.executions());
        assertEquals(List.of("current_task+0x0"), load.taintSources());
        InstructionRecord mixed = read.find(LOAD + 9);
        assertEquals(AccessClass.MIXED, mixed.accessClass());
        assertEquals(Set.of("getpid", "getppid"), mixed.syscalls());
        assertEquals(List.of("current_task+0x0"), mixed.taintSources());
        assertEquals(List.copyOf(all.records()), List.copyOf(read.records()));
    }

    @Test
    void everySourceOfARecordIsStoredInOrderAndMergingAddsTheOthersAfterThem(@TempDir Path directory)
            throws IOException {
        Path file = directory.resolve("metadata.hbmeta");
        KernelMetadata first = new KernelMetadata(BANNER);
        first.record(observation(LOAD, AccessClass.R, "getpid", "current_task+0x0, init_pid_ns+0x30"));
        MetadataFile.mergeInto(file, first);
        assertEquals(List.of("current_task+0x0", "init_pid_ns+0x30"),
                MetadataFile.read(file).find(LOAD).taintSources());

        KernelMetadata second = new KernelMetadata(BANNER);
        second.record(observation(LOAD, AccessClass.R, "getppid", "init_pid_ns+0x30, 0xffffffff82a00000"));
        InstructionRecord merged = MetadataFile.mergeInto(file, second).find(LOAD);
        assertEquals(List.of("current_task+0x0", "init_pid_ns+0x30", "0xffffffff82a00000"), merged.taintSources());
        assertEquals("current_task+0x0, init_pid_ns+0x30, 0xffffffff82a00000", merged.taintSourceText());
        assertEquals(merged, MetadataFile.read(file).find(LOAD));
    }

    @Test
    void concurrentRunsEachMergeTheirMetadataAndLeaveNoTemporaryFile(@TempDir Path directory) throws Exception {
        Path file = directory.resolve("metadata.hbmeta");
        int runs = 8;
        int mergesPerRun = 10;
        CyclicBarrier start = new CyclicBarrier(runs);
        ExecutorService pool = Executors.newFixedThreadPool(runs);
        try {
            List<Future<?>> saved = new ArrayList<>();
            for (int run = 0; run < runs; run++) {
                long firstAddress = LOAD + run * 0x1000L;
                saved.add(pool.submit(() -> {
                    start.await();
                    for (int merge = 0; merge < mergesPerRun; merge++) {
                        KernelMetadata learned = new KernelMetadata(BANNER);
                        learned.record(observation(firstAddress + merge, AccessClass.NR, "getpid", null));
                        MetadataFile.mergeInto(file, learned);
                    }
                    return null;
                }));
            }
            for (Future<?> run : saved) {
                run.get(60, TimeUnit.SECONDS); // a run that failed to save rethrows here
            }
        } finally {
            pool.shutdownNow();
        }

        assertEquals(runs * mergesPerRun, MetadataFile.readFile(file).records().size(), "no run's meta-data is lost");
        try (Stream<Path> files = Files.list(directory)) {
            assertEquals(Set.of("metadata.hbmeta", "metadata.hbmeta.lock"),
                    files.map(f -> f.getFileName().toString()).collect(Collectors.toSet()));
        }
    }

    @Test
    void metaDataOfAnotherKernelIsRefused(@TempDir Path directory) throws IOException {
        Path file = directory.resolve("metadata.hbmeta");
        KernelMetadata ours = new KernelMetadata(BANNER);
        ours.record(observation(LOAD, AccessClass.R, "getpid", "current_task+0x0"));
        MetadataFile.mergeInto(file, ours);

        KernelMetadata other = new KernelMetadata("Linux version 6.2 (other)\n");
        assertThrows(IllegalArgumentException.class, () -> MetadataFile.mergeInto(file, other));
        assertEquals(1, MetadataFile.readFile(file).records().size());
    }

    @Test
    void aProfilesJsonMetadataIsImportedOnceAndKeptInPlace(@TempDir Path directory) throws IOException {
        Path legacy = directory.resolve(MetadataFile.LEGACY_JSON_NAME);
        String json = """
                { "formatVersion": 1, "kernelBanner": "%s",
                  "instructions": [ { "address": "0x%x", "symbol": "__x64_sys_getpid+0xc",
                    "bytes": "65488b3c2580fb0100", "text": "mov %%gs:0x1fb80,%%rdi", "class": "R",
                    "executions": 3, "syscalls": [ "getpid" ], "utilities": [ "getpid" ],
                    "taintSource": "current_task+0x0" } ] }
                """.formatted(BANNER.replace("\n", "\\n"), LOAD);
        Files.writeString(legacy, json);

        Path store = MetadataFile.inProfile(directory);
        assertEquals(directory.resolve(MetadataFile.STORE_NAME), store);
        InstructionRecord imported = MetadataFile.read(store).find(LOAD);
        assertEquals(observation(LOAD, AccessClass.R, "getpid", "current_task+0x0").merge(
                observation(LOAD, AccessClass.R, "getpid", "current_task+0x0")).merge(
                        observation(LOAD, AccessClass.R, "getpid", "current_task+0x0")), imported);
        assertEquals(BANNER, MetadataFile.read(store).kernelBanner());

        // Once: what runs learn afterwards is not replaced by the JSON again.
        KernelMetadata learned = new KernelMetadata(BANNER);
        learned.record(observation(LOAD + 9, AccessClass.NR, "getpid", null));
        MetadataFile.mergeInto(store, learned);
        assertEquals(2, MetadataFile.read(MetadataFile.inProfile(directory)).records().size());
        assertEquals(json, Files.readString(legacy), "the JSON file is left as it was");
    }

    @Test
    void aFileThatIsNotAStoreIsRefusedInOneLineAndLeftAlone(@TempDir Path directory) throws IOException {
        Path file = directory.resolve(MetadataFile.STORE_NAME);
        byte[] foreign = "{ \"formatVersion\": 1 }".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        Files.write(file, foreign);
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> MetadataFile.read(file));
        assertTrue(refused.getMessage().contains(file.toString()), refused.getMessage());
        KernelMetadata learned = new KernelMetadata(BANNER);
        learned.record(observation(LOAD, AccessClass.NR, "getpid", null));
        assertThrows(IllegalArgumentException.class, () -> MetadataFile.mergeInto(file, learned));
        assertTrue(java.util.Arrays.equals(foreign, Files.readAllBytes(file)), "nothing is written over it");
    }
}
