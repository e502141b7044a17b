package org.hybridbridge.taint.metadata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A store read or written once is not read again while its file stays the same, and is read again once it changes. */
class StoreCacheTest {

    private static final String BANNER = "Linux version 6.1.0-57-cloud-amd64 (test)\n";
    private static final long LOAD = 0xffffffff810b0f4cL;

    private static KernelMetadata oneRecord(long address) {
        KernelMetadata metadata = new KernelMetadata(BANNER);
        metadata.record(new InstructionRecord(address, "__x64_sys_getpid+0xc", "65488b3c2580fb0100",
                "mov %gs:0x1fb80,%rdi", AccessClass.R, 1, Set.of("getpid"), Set.of("getpid"), List.of("current_task+0x0")));
        return metadata;
    }

    @Test
    void aStoreReplacedByAnotherWriterIsReadAgain(@TempDir Path directory) throws IOException {
        Path store = directory.resolve("metadata.hbmeta");
        MetadataFile.mergeInto(store, oneRecord(LOAD));
        assertEquals(1, MetadataFile.read(store).records().size());
        Path elsewhere = directory.resolve("other.hbmeta");
        MetadataFile.mergeInto(elsewhere, oneRecord(LOAD + 1));
        MetadataFile.mergeInto(elsewhere, oneRecord(LOAD + 2));
        Files.move(elsewhere, store, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        assertEquals(Set.of(LOAD + 1, LOAD + 2), addresses(MetadataFile.read(store)), "the other writer's store");
        KernelMetadata merged = MetadataFile.mergeInto(store, oneRecord(LOAD));
        assertEquals(Set.of(LOAD, LOAD + 1, LOAD + 2), addresses(merged), "merged into what the file holds now");
    }

    @Test
    void whatAReadReturnsIsTheCallersToChange(@TempDir Path directory) throws IOException {
        Path store = directory.resolve("metadata.hbmeta");
        MetadataFile.mergeInto(store, oneRecord(LOAD));
        MetadataFile.read(store).record(oneRecord(LOAD + 5).find(LOAD + 5));
        MetadataFile.mergeInto(store, oneRecord(LOAD + 1)).record(oneRecord(LOAD + 6).find(LOAD + 6));
        assertEquals(Set.of(LOAD, LOAD + 1), addresses(MetadataFile.read(store)));
    }

    @Test
    void aStoreReadAheadIsTheOneMergedInto(@TempDir Path directory) throws IOException {
        Path store = directory.resolve("metadata.hbmeta");
        MetadataFile.mergeInto(store, oneRecord(LOAD));
        Files.copy(store, directory.resolve("copy.hbmeta"));
        Files.move(directory.resolve("copy.hbmeta"), store, StandardCopyOption.REPLACE_EXISTING); // unknown to the cache
        MetadataFile.readAhead(store);
        KernelMetadata merged = MetadataFile.mergeInto(store, oneRecord(LOAD));
        assertEquals(2, merged.find(LOAD).executions());
        assertEquals(2, MetadataFile.read(store).find(LOAD).executions());
    }

    @Test
    void aDamagedStoreReadAheadIsStillRefusedByTheRead(@TempDir Path directory) throws IOException {
        Path store = directory.resolve("metadata.hbmeta");
        Files.writeString(store, "not a store");
        MetadataFile.readAhead(store);
        assertThrows(IllegalArgumentException.class, () -> MetadataFile.read(store));
        assertEquals("not a store", Files.readString(store), "left as it was");
    }

    private static Set<Long> addresses(KernelMetadata metadata) {
        return Set.copyOf(metadata.records().stream().map(InstructionRecord::address).toList());
    }
}
