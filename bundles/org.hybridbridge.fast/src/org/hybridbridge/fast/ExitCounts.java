package org.hybridbridge.fast;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/** VM exits of one run, by cause ("#GP wrmsr emulated", "#PF delivered, user mode" ...). Exits are the budget. */
public final class ExitCounts {

    /** The exit of each kernel {@code rdtsc}, which this KVM cannot give the snapshot's clock natively. */
    public static final String CLOCK_READ = "#UD rdtsc emulated (the snapshot's clock)";

    /**
     * The exit of a load from a guest-physical address without RAM (an R-view clock read from the
     * GVM's HPET, say): answered with all ones, as Slow-Bridge's memory answers it (PhysicalMemory).
     */
    public static final String MMIO_READ = "MMIO read without RAM: all ones, as Slow-Bridge reads";
    /** The exit of a store to a guest-physical address without RAM: dropped, as Slow-Bridge drops it. */
    public static final String MMIO_WRITE = "MMIO write without RAM: dropped, as Slow-Bridge drops it";

    private final Map<String, Long> byCause = new TreeMap<>();
    private long total;

    void count(String cause) {
        byCause.merge(cause, 1L, Long::sum);
        total++;
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
        Map<String, Long> sorted = new LinkedHashMap<>();
        byCause.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()))
                .forEach(e -> sorted.put(e.getKey(), e.getValue()));
        return sorted;
    }
}
