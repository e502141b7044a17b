package org.hybridbridge.core.run;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.hybridbridge.qemu.SnapshotManifest;

/**
 * The oracle of a redirected run: what the GVM said of itself just before its snapshot (the
 * manifest's ground truth and marker). A redirected utility must print the GVM's answer.
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

    private static final Set<String> SAME_OUTPUT = Set.of("hostname", "uname -a", "lsmod");

    private GroundTruth() {
    }

    /**
     * Compares {@code output} of {@code command} with the GVM's own answer:
     * {@code getpid} prints the pid of the process the GVM was frozen in (its marker);
     * {@code hostname}, {@code uname -a} and {@code lsmod} print exactly what the GVM printed;
     * {@code ps} lists every user process the GVM's own {@code ps} listed, line for line, but for
     * that {@code ps} itself (kernel threads' names carry their current work item, which moves).
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
        if (commandLine.equals("ps")) {
            List<String> userProcesses = truth.lines().skip(1).filter(line -> !line.contains("[") && !isPs(line))
                    .toList();
            Set<String> printed = output.lines().map(String::strip).collect(Collectors.toSet());
            boolean all = userProcesses.stream().map(String::strip).allMatch(printed::contains);
            return new Verdict(true, all, String.join("\n", userProcesses) + "\n");
        }
        return new Verdict(false, false, truth);
    }

    private static boolean isPs(String line) {
        String[] words = line.strip().split("\\s+");
        return words[words.length - 1].equals("ps");
    }
}
