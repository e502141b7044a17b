package org.hybridbridge.fast;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/** VM exits of one run, by cause ("#GP wrmsr emulated", "#PF delivered, user mode" ...). Exits are the budget. */
public final class ExitCounts {

    /** The exit of each kernel {@code rdtsc}, which this KVM cannot give the snapshot's clock natively. */
    public static final String CLOCK_READ = "#UD rdtsc emulated (the snapshot's clock)";

    /** A view switch from NR to R, and back: each an exit on KVM. */
    public static final String SWITCH_TO_R = "int3 view switch NR -> R", SWITCH_TO_NR = "int3 view switch R -> NR";
    /** The exit at an instruction without meta-data: a fallback to Slow-Bridge. */
    public static final String FALLBACK = "int3 without meta-data: fallback to Slow-Bridge";
    /** The exit at the hook of an introspected system call's routine, where its window opens. */
    public static final String INTROSPECTED_CALL = "int3 introspected system-call hook: SVM -> NR view";
    /**
     * The exit of a load from a guest-physical address without RAM (an R-view clock read from the
     * GVM's HPET, say): answered with all ones, as Slow-Bridge's memory answers it (PhysicalMemory).
     */
    public static final String MMIO_READ = "MMIO read without RAM: all ones, as Slow-Bridge reads";
    /** The exit of a store to a guest-physical address without RAM: dropped, as Slow-Bridge drops it. */
    public static final String MMIO_WRITE = "MMIO write without RAM: dropped, as Slow-Bridge drops it";

    private final Map<String, Long> byCause = new TreeMap<>();
    private final Map<String, Long> onEngineByCause = new TreeMap<>();
    private long total;
    private long onEngineTotal;
    private boolean onEngine;
    private long handOffs;
    private int fallbacks;

    void count(String cause) {
        if (onEngine) {
            onEngineByCause.merge(cause, 1L, Long::sum);
            onEngineTotal++;
        } else {
            byCause.merge(cause, 1L, Long::sum);
            total++;
        }
    }

    /** An introspected call (its rest, or all of it from its hook) was handed to the engine. */
    void handedOff() {
        handOffs++;
    }

    /** An instruction without meta-data was learned by Slow-Bridge (on KVM, its {@code int3} was an exit too). */
    void fellBack() {
        fallbacks++;
    }

    /** @return the fallbacks to Slow-Bridge */
    public int fallbacks() {
        return fallbacks;
    }

    /** @return how many introspected calls were handed to the engine */
    public long handOffs() {
        return handOffs;
    }

    /** From now on the vCPU is the engine ({@link HandOffVcpu}): its stops are counted apart, they are no VM exits. */
    void onEngine(boolean engine) {
        onEngine = engine;
    }

    /** @return the exits of {@code cause} */
    public long of(String cause) {
        return byCause.getOrDefault(cause, 0L);
    }

    /** @return every exit of the run */
    public long total() {
        return total;
    }

    /** @return the count of each cause, most frequent first */
    public Map<String, Long> byCause() {
        return sorted(byCause);
    }

    /** @return the view-switch exits, the figure comparable to the paper's #VMExit with the fallbacks */
    public long viewSwitches() {
        return of(SWITCH_TO_R) + of(SWITCH_TO_NR);
    }

    /** @return the traps handled while the engine ran the vCPU (no VM exits), by cause, most frequent first */
    public Map<String, Long> onEngineByCause() {
        return sorted(onEngineByCause);
    }

    /** @return every trap handled while the engine ran the vCPU */
    public long onEngineTotal() {
        return onEngineTotal;
    }

    private static Map<String, Long> sorted(Map<String, Long> counts) {
        Map<String, Long> sorted = new LinkedHashMap<>();
        counts.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()))
                .forEach(e -> sorted.put(e.getKey(), e.getValue()));
        return sorted;
    }
}
