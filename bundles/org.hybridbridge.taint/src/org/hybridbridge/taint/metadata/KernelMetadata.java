package org.hybridbridge.taint.metadata;

import java.util.Collection;
import java.util.Collections;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * The meta-data of one kernel build: an {@link InstructionRecord} per instruction address.
 * It only grows: recording or merging adds executions, syscalls, utilities, and turns an
 * instruction seen both R and NR into MIXED.
 */
public final class KernelMetadata {

    private final String kernelBanner;
    private final NavigableMap<Long, InstructionRecord> records = new TreeMap<>(Long::compareUnsigned);

    /** @param kernelBanner the {@code linux_banner} of the kernel build it describes */
    public KernelMetadata(String kernelBanner) {
        this.kernelBanner = kernelBanner;
    }

    public String kernelBanner() {
        return kernelBanner;
    }

    /** Adds one observation (or a whole record read from a file). */
    public void record(InstructionRecord observation) {
        records.merge(observation.address(), observation, InstructionRecord::merge);
    }

    /** Adds every record of {@code other}, which must describe the same kernel build. */
    public void mergeFrom(KernelMetadata other) {
        if (!other.kernelBanner.equals(kernelBanner)) {
            throw new IllegalArgumentException("meta-data of kernel '" + other.kernelBanner.strip()
                    + "' cannot be merged into that of '" + kernelBanner.strip() + "'");
        }
        other.records.values().forEach(this::record);
    }

    /** @return the records by address */
    public Collection<InstructionRecord> records() {
        return Collections.unmodifiableCollection(records.values());
    }

    /** @return the record of the instruction at {@code address}, or {@code null} */
    public InstructionRecord find(long address) {
        return records.get(address);
    }

    /** @return the records of the instructions at {@code from} (inclusive) to {@code to} (exclusive), by address */
    public Collection<InstructionRecord> between(long from, long to) {
        return Collections.unmodifiableCollection(records.subMap(from, true, to, false).values());
    }

    /** @return how many records have class {@code accessClass} */
    public long count(AccessClass accessClass) {
        return records.values().stream().filter(r -> r.accessClass() == accessClass).count();
    }
}
