package org.hybridbridge.core.metadata;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.hybridbridge.core.run.SlowRun;
import org.hybridbridge.qemu.KernelProfile;
import org.hybridbridge.taint.metadata.InstructionRecord;
import org.hybridbridge.taint.metadata.KernelMetadata;
import org.hybridbridge.taint.metadata.MetadataFile;

/**
 * The records of a meta-data store, by address, as {@code hb metadata} prints them and the Taint
 * table view lists them: both select through a {@link MetadataFilter} here.
 */
public final class MetadataQuery {

    /** No record: a store no run has written yet. */
    public static final MetadataQuery NONE = new MetadataQuery(List.of());

    private final List<InstructionRecord> records;

    private MetadataQuery(List<InstructionRecord> records) {
        this.records = records;
    }

    /** The store of the kernel build {@code profile} describes; none yet is no record. */
    public static MetadataQuery of(KernelProfile profile) {
        return of(SlowRun.metadataFile(profile));
    }

    /** The store {@code file}; an absent file is no record (no run has learned anything yet). */
    public static MetadataQuery of(Path file) {
        if (!Files.exists(file)) {
            return NONE;
        }
        return of(MetadataFile.read(file));
    }

    public static MetadataQuery of(KernelMetadata metadata) {
        return new MetadataQuery(List.copyOf(metadata.records()));
    }

    /** @return every record, by address */
    public List<InstructionRecord> all() {
        return records;
    }

    /** @return the records {@code filter} admits, by address */
    public List<InstructionRecord> select(MetadataFilter filter) {
        return records.stream().filter(filter).toList();
    }
}
