package org.hybridbridge.core.run;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

import org.hybridbridge.model.ExitCount;
import org.hybridbridge.model.UtilityRun;

/**
 * The figures of a run as {@code hb bench} prints them, in its table and as CSV ({@code --csv}),
 * computed here once so both show the same numbers; the CSV's columns also carry exits by cause
 * and fallbacks (zero and empty for Slow-Bridge, which has no VM exits) for charts of them.
 */
public final class RunFigures {

    /** The CSV columns, one line per run. */
    public static final List<String> COLUMNS = List.of("utility", "engine", "guest", "status", "exitStatus",
            "userInstructions", "kernelInstructions", "introspectedSyscalls", "R", "NR", "runSeconds",
            "instructionsPerSecond", "stateBytes", "fallbacks", "learned", "exits", "exitsByCause", "warnings",
            "failure");

    private RunFigures() {
    }

    /** @return the wall time of the redirected run in the engine (its "run" phase), at least a millisecond */
    public static double runSeconds(UtilityRun run) {
        return Math.max(RunRecords.phase(run, "run").toMillis() / 1000.0, 0.001);
    }

    /** @return the redirected run's instructions, user and kernel, per second of {@link #runSeconds} */
    public static double instructionsPerSecond(UtilityRun run) {
        return (run.getUserInstructions() + run.getKernelInstructions()) / runSeconds(run);
    }

    /** @return how many VM exits the run took, all causes */
    public static long exits(UtilityRun run) {
        return run.getExits().stream().mapToLong(ExitCount::getCount).sum();
    }

    /** @return the cells of {@code run} in {@link #COLUMNS} order; a run without an answer has figures of zero */
    public static List<String> cells(UtilityRun run) {
        boolean ran = run.getBridgedAnswer() != null;
        return List.of(run.getCommandLine(), run.getEngine(), run.getGvm() == null ? "" : run.getGvm().getKind(),
                run.getVerdict().getLiteral(), ran ? Integer.toString(run.getExitStatus()) : "",
                Long.toString(run.getUserInstructions()), Long.toString(run.getKernelInstructions()),
                Integer.toString(run.getIntrospectedSyscalls()), Integer.toString(run.getRedirectable()),
                Integer.toString(run.getNonRedirectable()), ran ? String.format(Locale.ROOT, "%.3f", runSeconds(run)) : "",
                ran ? String.format(Locale.ROOT, "%.0f", instructionsPerSecond(run)) : "", Long.toString(run.getStateBytes()),
                Integer.toString(run.getFallbacks()), Integer.toString(run.getLearned()), Long.toString(exits(run)),
                Csv.counts(run.getExits().stream().collect(Collectors.toMap(ExitCount::getCause,
                        ExitCount::getCount, Long::sum, LinkedHashMap::new))),
                Integer.toString(run.getWarnings().size()), run.getFailure() == null ? "" : run.getFailure());
    }
}
