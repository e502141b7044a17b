package org.hybridbridge.qemu;

import java.util.List;

import org.hybridbridge.progress.ProgressListener;

/**
 * {@code hb guest run svm|gvm -- COMMAND...}: boots the guest, runs one command through
 * hb-agent, returns its result and ends the guest.
 */
public final class GuestRunner {

    private GuestRunner() {
    }

    /**
     * Runs {@code command} (program and arguments) in a freshly booted guest of {@code kind}.
     *
     * @throws IllegalArgumentException when the command is empty or a word holds a blank or a
     *                                  line break (hb-agent splits at blanks and has no quoting)
     * @throws GuestException           when the image is missing or the guest fails
     */
    public static CommandResult run(GuestImages images, GuestKind kind, List<String> command, MachineOptions options,
            ProgressListener progress) {
        String commandLine = commandLine(command);
        GuestImage image = images.require(kind);
        try (QemuMachine machine = QemuMachine.boot(image, options, progress)) {
            return machine.run(commandLine);
        }
    }

    /** The words joined for hb-agent, or a one-line error. */
    static String commandLine(List<String> command) {
        if (command.isEmpty()) {
            throw new IllegalArgumentException("no command to run in the guest");
        }
        for (String word : command) {
            if (word.isEmpty() || word.chars().anyMatch(c -> c == ' ' || c == '\t' || c == '\n' || c == '\r')) {
                throw new IllegalArgumentException("hb-agent cannot pass the argument '" + word
                        + "': arguments may not be empty or hold blanks or line breaks");
            }
        }
        return String.join(" ", command);
    }
}
