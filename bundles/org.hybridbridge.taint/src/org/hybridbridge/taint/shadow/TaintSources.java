package org.hybridbridge.taint.shadow;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.LongFunction;

import org.hybridbridge.taint.LongMap;

/**
 * The taint sources and the labels that name sets of them: one {@link TaintSource} per kernel
 * global or per-CPU address loaded inside an introspected system call, and the {@link LabelSets}
 * of the labels, kept for the whole run so meta-data can name the sources of each redirectable
 * instruction. Label 0 means clean.
 */
public final class TaintSources {

    private final LongFunction<String> symbolizer;
    private final List<TaintSource> sources = new ArrayList<>();
    /** Looked up at every access to a kernel global under analysis: keyed without boxing. */
    private final LongMap<TaintSource> byAddress = new LongMap<>();
    private final LabelSets labels = new LabelSets();

    /** @param symbolizer address to {@code symbol+offset} (or hex), from the caller: {@link KernelLayout#name} */
    public TaintSources(LongFunction<String> symbolizer) {
        this.symbolizer = symbolizer;
    }

    /** @return the label of the source at {@code address} alone, made on first use */
    int labelFor(long address) {
        TaintSource source = byAddress.get(address);
        if (source == null) {
            source = new TaintSource(labels.singleton(sources.size()), address, symbolizer.apply(address));
            sources.add(source);
            byAddress.put(address, source);
        }
        return source.label();
    }

    /** @return the label of the union of the sets {@code a} and {@code b} */
    public int union(int a, int b) {
        return labels.union(a, b);
    }

    /** @return the labels, for unions */
    LabelSets labels() {
        return labels;
    }

    /** @return the sources of {@code label}, in the order they were met (none for 0) */
    public List<TaintSource> sourcesOf(int label) {
        List<TaintSource> of = new ArrayList<>();
        for (int source : labels.members(label)) {
            of.add(sources.get(source));
        }
        return of;
    }

    /** @return the names of the sources of {@code label}, in the order they were met */
    public List<String> namesOf(int label) {
        return sourcesOf(label).stream().map(TaintSource::symbol).toList();
    }

    /** @return how many labels there are so far, 0 included: labels are {@code 0 .. labelCount() - 1} */
    public int labelCount() {
        return labels.count();
    }

    /** @return every source, in the order they were met */
    public List<TaintSource> all() {
        return Collections.unmodifiableList(sources);
    }
}
