package org.hybridbridge.core.run;

import java.io.IOException;
import java.nio.file.Path;

import org.hybridbridge.taint.metadata.AccessClass;
import org.hybridbridge.taint.metadata.InstructionRecord;
import org.hybridbridge.taint.metadata.KernelMetadata;
import org.hybridbridge.taint.metadata.MetadataFile;

/** A meta-data store that lacks one record of a store Slow-Bridge learned: what makes a fallback. */
record LackingStores(InstructionRecord deleted, Path store) {

    /**
     * Writes {@code store}: every record of {@code learned} but the first R record in the
     * function {@code symbol}.
     */
    static LackingStores without(Path learned, String symbol, Path store) throws IOException {
        KernelMetadata all = MetadataFile.read(learned);
        InstructionRecord deleted = all.records().stream()
                .filter(r -> r.symbol().startsWith(symbol + "+") && r.accessClass() == AccessClass.R)
                .findFirst().orElseThrow();
        KernelMetadata lacking = new KernelMetadata(all.kernelBanner());
        all.records().stream().filter(r -> r != deleted).forEach(lacking::record);
        MetadataFile.mergeInto(store, lacking);
        return new LackingStores(deleted, store);
    }
}
