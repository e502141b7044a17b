package org.hybridbridge.core.run;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.hybridbridge.qemu.SnapshotManifest;
import org.hybridbridge.qemu.SnapshotManifest.Marker;

/**
 * The oracle of a redirected run: what the GVM said of itself just before its snapshot (the
 * manifest's ground truth and marker). A redirected utility must print the GVM's answer, within
 * the tolerances below, each with its reason. This class is their one home: {@code hb demo},
 * {@code hb bench slow}, the Runs view and the tests all judge here.
 */
public final class GroundTruth {

    /**
     * Whether a redirected run printed what the GVM would have.
     *
     * @param known    whether the ground truth says anything about this utility
     * @param matches  whether the output agrees with it
     * @param expected what the GVM's own answer was, as the comparison uses it
     */
    public record Verdict(boolean known, boolean matches, String expected) {
    }

    /** State that does not move while a guest idles: the very bytes the GVM printed. */
    private static final Set<String> SAME_OUTPUT = Set.of("hostname", "uname", "uname -a", "lsmod", "arp", "netstat",
            "route", "ifconfig", "dmesg", "getprocname");

    /**
     * Process tables, by the column of their pid. The utility's own process had ended when the GVM
     * was frozen and hb-freeze had started: the first is not expected, the second is.
     */
    private static final Map<String, Integer> PROCESS_TABLES = Map.of("ps", 0, "tinyps", 0);

    /**
     * Figures that move between the GVM's own answer and its freeze (the ground truth's commands
     * run for seconds to a minute under TCG, in a guest booted a minute before): the time of day
     * and the uptime; memory counters (the commands' page cache); averages since boot of CPU time,
     * interrupts and context switches, which every second moves by percents so early on.
     */
    private static final Map<String, Figures> MOVING_FIGURES = Map.of(
            "gettime", new Figures(0, 300, 0),
            "uptime", new Figures(0, 1, 300),
            "w", new Figures(0, 1, 300),
            "free", new Figures(0.2, 0, 0),
            "vmstat", new Figures(0.5, 10, 0),
            "iostat", new Figures(0.5, 10, 300),
            "mpstat", new Figures(0.5, 10, 300));

    private GroundTruth() {
    }

    /**
     * Compares {@code output} of {@code command} with the GVM's own answer: {@code getpid} prints
     * the pid of the process the GVM was frozen in (its marker); the utilities of
     * {@link #SAME_OUTPUT} print exactly what the GVM printed; process tables list the GVM's
     * processes by pid and name; {@code pidstat} lists at least every process the GVM's own listed
     * (a process that first used CPU after it may join); {@code pstree} draws the GVM's tree but for
     * its own branch and the frozen process's; the others agree within their figures' tolerances.
     */
    public static Verdict check(List<String> command, String output, SnapshotManifest gvm) {
        String commandLine = String.join(" ", command);
        if (commandLine.equals("getpid")) {
            String pid = Integer.toString(gvm.marker().pid());
            return new Verdict(true, output.strip().equals(pid), pid);
        }
        String truth = gvm.groundTruth().get(commandLine);
        if (truth == null) {
            return new Verdict(false, false, "");
        }
        if (SAME_OUTPUT.contains(commandLine)) {
            return new Verdict(true, output.equals(truth), truth);
        }
        if (PROCESS_TABLES.containsKey(commandLine)) {
            int pidColumn = PROCESS_TABLES.get(commandLine);
            Map<Integer, String> expected = expectedProcesses(commandLine, truth, pidColumn, gvm.marker(), output);
            return new Verdict(true, ProcessList.parse(output, pidColumn).equals(expected), listing(expected));
        }
        if (commandLine.equals("pidstat")) {
            Map<Integer, String> expected = expectedProcesses(commandLine, truth, 2, gvm.marker(), output);
            expected.remove(gvm.marker().pid());
            boolean all = ProcessList.parse(output, 2).entrySet().containsAll(expected.entrySet());
            return new Verdict(true, all, listing(expected));
        }
        if (commandLine.equals("pstree")) {
            String frozen = frozenName(gvm.marker());
            return new Verdict(true, withoutBranches(output, commandLine, frozen)
                    .equals(withoutBranches(truth, commandLine, frozen)), truth);
        }
        Figures figures = MOVING_FIGURES.get(commandLine);
        if (figures != null) {
            return new Verdict(true, figures.agree(output, truth), truth);
        }
        return new Verdict(false, false, truth);
    }

    /** The GVM's own table, but for the utility's own process, and with the frozen hb-freeze. */
    private static Map<Integer, String> expectedProcesses(String utility, String truth, int pidColumn, Marker marker,
            String output) {
        Map<Integer, String> listed = ProcessList.parse(output, pidColumn);
        Map<Integer, String> expected = new TreeMap<>(ProcessList.parse(truth, pidColumn));
        expected.entrySet()
                .removeIf(process -> process.getValue().equals(utility) && !listed.containsKey(process.getKey()));
        expected.put(marker.pid(), frozenName(marker));
        return expected;
    }

    /** The name of the process the GVM was frozen in: the last word of its command ({@code taskset -c 1 hb-freeze}). */
    private static String frozenName(Marker marker) {
        String[] words = marker.command().strip().split("\\s+");
        return words[words.length - 1];
    }

    /**
     * A process tree without the branches of the utility itself and of the frozen process (the
     * one ran only in the GVM's own answer, the other only at its freeze); pstree sorts children by
     * name, so neither moves the others.
     */
    private static List<String> withoutBranches(String tree, String... names) {
        return tree.lines().filter(line -> Arrays.stream(names).noneMatch(name -> line.strip().endsWith("-" + name)))
                .toList();
    }

    private static String listing(Map<Integer, String> processes) {
        return processes.entrySet().stream().map(process -> process.getKey() + " " + process.getValue())
                .collect(Collectors.joining("\n", "", "\n"));
    }
}
