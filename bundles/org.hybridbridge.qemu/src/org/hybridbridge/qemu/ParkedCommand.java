package org.hybridbridge.qemu;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/**
 * The command line a run hands to the SVM's parked run-start state (native/hb-agent.c, HB-PARK):
 * hb-agent's child stops at the marker before it reads a command line from a page of its own at
 * {@link #ADDRESS}, so one snapshot serves every utility; each run writes its command line there,
 * in the private copy of the snapshot it runs on, before the first instruction.
 */
public final class ParkedCommand {

    /** HB_COMMAND_ADDRESS of native/hb-marker.h: the parked child's command page (virtual). */
    public static final long ADDRESS = 0x68600000L;

    /** HB_COMMAND_SIZE: the page, its final NUL included. */
    public static final int SIZE = 4096;

    /** The agent's line that parks a child instead of running a command. */
    static final String PARK = "HB-PARK";

    private ParkedCommand() {
    }

    /**
     * @return the bytes a run of {@code commandLine} writes at {@link #ADDRESS} before it starts
     *         from {@code svm}, or nothing when the snapshot is the run-start state of that very
     *         command (an {@code exec} marker, taken for one command line)
     */
    public static Optional<byte[]> forRun(SnapshotManifest svm, String commandLine) {
        if (svm.marker() == null || !svm.marker().kind().equals(SnapshotManifest.Marker.PARK)) {
            return Optional.empty();
        }
        return Optional.of(encode(commandLine));
    }

    /** The command line as the agent reads it: UTF-8, NUL-terminated, a line of words, at most a page. */
    static byte[] encode(String commandLine) {
        if (commandLine.isBlank() || commandLine.indexOf('\0') >= 0 || commandLine.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("not a command line for the SVM: '" + commandLine.replace("\0", "\\0")
                    .replace("\n", "\\n") + "' (words on one line, no NUL)");
        }
        byte[] text = commandLine.getBytes(StandardCharsets.UTF_8);
        if (text.length >= SIZE) {
            throw new IllegalArgumentException("a command line of " + text.length + " bytes: the SVM's agent takes at most "
                    + (SIZE - 1));
        }
        return Arrays.copyOf(text, text.length + 1);
    }
}
