package org.hybridbridge.core.diff;

import java.nio.file.Path;
import java.util.List;

/**
 * What differs between two snapshots of guests of one kernel build (the same guest at two times,
 * or two guests): {@code hb diff} prints it and the Snapshot diff view shows it.
 *
 * @param a       the first snapshot
 * @param b       the second
 * @param pages   per region, the pages compared and the pages that differ
 * @param globals the kernel's data and bss variables whose bytes differ, by address
 * @param objects per utility, the rows of its answer through Hybrid-Bridge that differ; empty
 *                when only pages were asked for
 */
public record SnapshotDiff(Path a, Path b, List<RegionCount> pages, List<GlobalChange> globals,
        List<UtilityDiff> objects) {

    public SnapshotDiff {
        pages = List.copyOf(pages);
        globals = List.copyOf(globals);
        objects = List.copyOf(objects);
    }

    /** @return the pages that differ, over all regions */
    public long differingPages() {
        return pages.stream().mapToLong(RegionCount::differing).sum();
    }

    /**
     * @param region    where the pages are
     * @param compared  pages of the region in both snapshots (or, for ONLY_IN_A/B, in one)
     * @param differing of those, the pages whose bytes differ (all of them for ONLY_IN_A/B)
     */
    public record RegionCount(PageRegion region, long compared, long differing) {
    }

    /**
     * @param symbol         the variable's symbol
     * @param address        its linear address
     * @param size           its size as the distance to the next symbol
     * @param differingBytes how many of its bytes differ
     */
    public record GlobalChange(String symbol, long address, long size, int differingBytes) {
    }

    /** How a row of a utility's answer changed from A to B. */
    public enum Change {
        /** In B, not in A: a process started, a module loaded, a socket opened. */
        ADDED,
        /** In A, not in B. */
        REMOVED,
        /** The same object (the same key) in both, with other values. */
        CHANGED
    }

    /**
     * @param change what happened to the row
     * @param key    the object it describes (a pid, a module's name, a socket's addresses)
     * @param inA    the row in A's answer, {@code null} for ADDED
     * @param inB    the row in B's answer, {@code null} for REMOVED
     */
    public record RowChange(Change change, String key, String inA, String inB) {
    }

    /**
     * @param commandLine the utility as run
     * @param rows        its rows that differ, in the order of A's answer then B's
     * @param error       why it could not be compared (a run stopped), or {@code null}
     */
    public record UtilityDiff(String commandLine, List<RowChange> rows, String error) {

        public UtilityDiff {
            rows = List.copyOf(rows);
        }
    }
}
