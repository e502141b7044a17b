package org.hybridbridge.core.run;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.hybridbridge.fast.FastBridgeOptions;
import org.hybridbridge.fast.Redirection;

/**
 * What to run in Fast-Bridge ({@code hb run --engine fast}).
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
 * @param gvm          the GVM snapshot introspected calls are redirected to; {@code null}: not redirected
 * @param gvmCpu       the GVM CPU introspected, {@code null} for the snapshot's own
 * @param metadataFile the meta-data store the code copies are patched from, {@code null} for the profile's
 * @param handOffAfter the view switches of one introspected call on KVM after which the engine runs
 *                     its rest ({@link Redirection#handOffAfter}); {@link Redirection#NEVER_HAND_OFF} never
 */
public record FastRunRequest(Path svm, List<String> command, long exitBudget, Duration wallBudget,
        Path syscallTable, FastBridgeOptions.GuestCpu cpu, Path neutralisedSites, boolean lockstep, Path gvm,
        Integer gvmCpu, Path metadataFile, int handOffAfter) {

    public FastRunRequest {
        command = List.copyOf(command);
        if (command.isEmpty()) {
            throw new IllegalArgumentException("no utility to run");
        }
    }

    /** A run not redirected (part 1): the SVM answers for itself. */
    public FastRunRequest(Path svm, List<String> command, long exitBudget, Duration wallBudget, Path syscallTable,
            FastBridgeOptions.GuestCpu cpu, Path neutralisedSites, boolean lockstep) {
        this(svm, command, exitBudget, wallBudget, syscallTable, cpu, neutralisedSites, lockstep, null, null, null,
                Redirection.NEVER_HAND_OFF);
    }

    /**
     * A redirected run as the workbench and the benchmark make it: default budgets, syscall table
     * and sites file, the GVM snapshot's own CPU, the default hand-off, on KVM where it is.
     *
     * @param metadataFile the meta-data store, {@code null} for the profile's
     */
    public static FastRunRequest redirected(Path svm, List<String> command, Path gvm, Path metadataFile) {
        return new FastRunRequest(svm, command, FastBridgeOptions.DEFAULT_EXIT_BUDGET,
                FastBridgeOptions.DEFAULT_WALL_BUDGET, null, FastRun.guestCpuHere(), null, false, gvm, null,
                metadataFile, Redirection.DEFAULT_HAND_OFF_AFTER);
    }

    /** @return whether introspected calls are redirected to {@link #gvm} */
    public boolean redirect() {
        return gvm != null;
    }

    /** @return the command line as hb-agent ran it: words joined by one space */
    public String commandLine() {
        return String.join(" ", command);
    }
}
