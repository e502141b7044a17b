package org.hybridbridge.taint;

import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;

import org.hybridbridge.taint.shadow.KernelLayout;

/**
 * Where a run has been lately, for the error of a run that ran out of budget: a ring of the
 * instruction pointers seen every {@value #SAMPLE_INTERVAL} instructions. Recording is a store
 * into a preallocated array (the interpreter's loop allocates nothing); only the report names
 * the functions, so a loop in the kernel reads as the functions it goes round.
 */
final class LoopSampler {

    static final int SAMPLE_INTERVAL = 1 << 10;
    private static final int SAMPLES = 1 << 10;
    private static final int NAMED = 4;
    private static final long KERNEL_HALF = 1L << 63;

    private final long[] ring = new long[SAMPLES];
    private int next;
    private int count;

    void record(long rip) {
        ring[next] = rip;
        next = (next + 1) & (SAMPLES - 1);
        count = Math.min(count + 1, SAMPLES);
    }

    /** @return e.g. {@code "m_next 41%, seq_read_iter 30%, user mode 12%"}, or "" before any sample */
    String report(KernelLayout layout) {
        Map<String, Integer> byFunction = new HashMap<>();
        for (long rip : Arrays.copyOf(ring, count)) {
            String function = (rip & KERNEL_HALF) == 0 ? "user mode" : functionOf(layout.name(rip));
            byFunction.merge(function, 1, Integer::sum);
        }
        return byFunction.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue(Comparator.reverseOrder())
                        .thenComparing(Map.Entry.comparingByKey()))
                .limit(NAMED).map(entry -> entry.getKey() + " " + (100 * entry.getValue() / count) + "%")
                .collect(Collectors.joining(", "));
    }

    private static String functionOf(String symbolPlusOffset) {
        int plus = symbolPlusOffset.indexOf('+');
        return plus < 0 ? symbolPlusOffset : symbolPlusOffset.substring(0, plus);
    }
}
