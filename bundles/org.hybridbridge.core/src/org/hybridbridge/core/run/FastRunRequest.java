package org.hybridbridge.core.run;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.hybridbridge.fast.FastBridgeOptions;

/**
 * What to run in Fast-Bridge ({@code hb run --engine fast --no-redirect}).
 *
 * @param svm          the SVM run-start snapshot of {@code command}
 * @param command      the utility and its arguments
 * @param exitBudget   the most VM exits the run may take
 * @param wallBudget   the most wall time the run may take
 * @param syscallTable a syscall table replacing the shipped one, or {@code null}
 * @param cpu          what runs the deprivileged guest: KVM, or the engine standing in for it
 * @param neutralisedSites where the kernel's neutralised sites are remembered, or {@code null} for
 *                         the profile's {@value FastRun#NEUTRALISED_SITES}
 * @param lockstep         whether the run is made comparable with Slow-Bridge's, system call by
 *                         system call ({@link FastBridgeOptions#lockstep})
 */
public record FastRunRequest(Path svm, List<String> command, long exitBudget, Duration wallBudget,
        Path syscallTable, FastBridgeOptions.GuestCpu cpu, Path neutralisedSites, boolean lockstep) {

    public FastRunRequest {
        command = List.copyOf(command);
        if (command.isEmpty()) {
            throw new IllegalArgumentException("no utility to run");
        }
    }

    /** @return the command line as hb-agent ran it: words joined by one space */
    public String commandLine() {
        return String.join(" ", command);
    }
}
