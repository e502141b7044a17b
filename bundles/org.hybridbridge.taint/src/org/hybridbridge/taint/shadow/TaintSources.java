package org.hybridbridge.taint.shadow;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.LongFunction;

import org.hybridbridge.taint.LongMap;

/**
 * The table labels index: one {@link TaintSource} per kernel global or per-CPU address loaded
 * inside an introspected system call, kept for the whole run so meta-data can name the source
 * of each redirectable instruction. Label 0 means clean.
 */
public final class TaintSources {

    private final LongFunction<String> symbolizer;
    private final List<TaintSource> sources = new ArrayList<>();
    /** Looked up at every access to a kernel global under analysis: keyed without boxing. */
    private final LongMap<TaintSource> byAddress = new LongMap<>();

    /** @param symbolizer address to {@code symbol+offset} (or hex), from the caller: {@link KernelLayout#name} */
    public TaintSources(LongFunction<String> symbolizer) {
        this.symbolizer = symbolizer;
    }

    /** @return the label of the source at {@code address}, made on first use */
    int labelFor(long address) {
        TaintSource source = byAddress.get(address);
        if (source == null) {
            source = new TaintSource(sources.size() + 1, address, symbolizer.apply(address));
            sources.add(source);
            byAddress.put(address, source);
        }
        return source.label();
    }

    /** @return the source {@code label} names; {@code label} must not be 0 */
    public TaintSource source(int label) {
        return sources.get(label - 1);
    }

    /** @return every source, by label */
    public List<TaintSource> all() {
        return Collections.unmodifiableList(sources);
    }
}
