package org.hybridbridge.taint.shadow;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongFunction;

/**
 * The table labels index: one {@link TaintSource} per kernel global or per-CPU address loaded
 * inside an introspected system call, kept for the whole run so meta-data can name the source
 * of each redirectable instruction. Label 0 means clean.
 */
public final class TaintSources {

    private final LongFunction<String> symbolizer;
    private final List<TaintSource> sources = new ArrayList<>();
    private final Map<Long, Integer> labelByAddress = new HashMap<>();

    /** @param symbolizer address to {@code symbol+offset} (or hex), from the caller: {@link KernelLayout#name} */
    public TaintSources(LongFunction<String> symbolizer) {
        this.symbolizer = symbolizer;
    }

    /** @return the label of the source at {@code address}, made on first use */
    int labelFor(long address) {
        return labelByAddress.computeIfAbsent(address, a -> {
            sources.add(new TaintSource(sources.size() + 1, a, symbolizer.apply(a)));
            return sources.size();
        });
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
