package org.hybridbridge.core.run;

import java.time.Duration;
import java.util.List;

import org.hybridbridge.taint.RunResult;

/**
 * One utility run from the SVM's run-start snapshot twice in the engine, alone (Slow-Bridge) and
 * redirected to a GVM snapshot, with the GVM's own answer: what {@code hb demo} prints per utility
 * and the Runs view shows side by side.
 *
 * @param command    the utility and its arguments
 * @param engine     the engine that redirected it
 * @param svmAnswer  the SVM's own answer (output and warnings, or why the run stopped)
 * @param bridged    the answer through Hybrid-Bridge, likewise
 * @param verdict    the bridged answer against the GVM's ground truth
 * @param result     the redirected run's figures (instructions, system calls, warnings);
 *                   {@code null} when it stopped
 * @param time       wall time of both runs
 */
public record UtilityRun(List<String> command, BridgeEngine engine, String svmAnswer, String bridged, GroundTruth.Verdict verdict,
        RunResult result, Duration time) {

    public UtilityRun {
        command = List.copyOf(command);
    }

    /** @return the command line as hb-agent runs it */
    public String commandLine() {
        return String.join(" ", command);
    }

    /** @return the warnings of the redirected run (none when it stopped: its answer says why) */
    public List<String> warnings() {
        return result == null ? List.of() : result.warnings();
    }
}
