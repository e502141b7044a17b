package org.hybridbridge.core.run;

import java.nio.file.Path;
import java.util.List;

import org.hybridbridge.taint.RunBudget;

/**
 * What to run in Slow-Bridge ({@code hb run --engine slow}).
 *
 * @param svm               the SVM run-start snapshot of {@code command}
 * @param gvm               the GVM snapshot redirectable accesses are served from; {@code null}
 *                          when {@code redirect} is off
 * @param command           the utility and its arguments
 * @param redirect          whether introspected system calls are redirected to the GVM
 * @param budget            the run's limits (instructions, wall time, state)
 * @param trace             where to write the per-instruction trace, or {@code null}
 * @param syscallTable      a syscall table replacing the shipped one, or {@code null}
 * @param metadataFile      where meta-data is merged, or {@code null} for the profile's {@code metadata.hbmeta}
 * @param gvmCpu            the GVM CPU whose context is introspected ({@link GvmCpu}), or {@code null}
 *                          for the one the GVM snapshot's vCPU state belongs to
 */
public record SlowRunRequest(Path svm, Path gvm, List<String> command, boolean redirect, RunBudget budget,
        Path trace, Path syscallTable, Path metadataFile, Integer gvmCpu) {

    /** The default budget: a utility's execve, start-up, work and exit take a few million instructions. */
    public static final RunBudget DEFAULT_BUDGET = RunBudget.DEFAULT;

    public SlowRunRequest {
        command = List.copyOf(command);
        if (command.isEmpty()) {
            throw new IllegalArgumentException("no utility to run");
        }
        if (redirect && gvm == null) {
            throw new IllegalArgumentException("redirection needs a GVM snapshot (--gvm), or run with --no-redirect");
        }
    }

    /** @return the command line as hb-agent ran it: words joined by one space */
    public String commandLine() {
        return String.join(" ", command);
    }
}
