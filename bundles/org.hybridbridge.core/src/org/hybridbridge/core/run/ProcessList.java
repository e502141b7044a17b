package org.hybridbridge.core.run;

import java.util.Map;
import java.util.TreeMap;

/**
 * A process table as {@code ps}, {@code tinyps} and {@code pidstat} print it: one process a line
 * under a header, its pid in a fixed column and its name last. A kernel worker's name ends in the
 * workqueue it is running ({@code kworker/0:2-events}), which may change between the GVM's own
 * answer and its freeze: that suffix is dropped.
 */
public final class ProcessList {

    private ProcessList() {
    }

    /**
     * @param table     the utility's output
     * @param pidColumn the pid's column, counted from 0 in whitespace-separated words
     * @return pid to name, for every line whose word {@code pidColumn} is a number
     */
    public static Map<Integer, String> parse(String table, int pidColumn) {
        Map<Integer, String> processes = new TreeMap<>();
        table.lines().map(String::strip).forEach(line -> {
            String[] words = line.split("\\s+");
            if (words.length > pidColumn + 1 && words[pidColumn].matches("\\d+")) {
                String name = words[words.length - 1].replaceFirst("^(\\[?kworker/[^-\\]]+)-[^\\]]*", "$1");
                processes.put(Integer.parseInt(words[pidColumn]), name);
            }
        });
        return processes;
    }
}
