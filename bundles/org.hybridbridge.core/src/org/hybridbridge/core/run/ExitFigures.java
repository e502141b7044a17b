package org.hybridbridge.core.run;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.hybridbridge.model.ExitCount;
import org.hybridbridge.model.UtilityRun;

/**
 * What the Exits &amp; fallbacks view charts, from the history of runs (the same {@link UtilityRun}s
 * whose figures {@code hb bench --csv} prints through {@link RunFigures}): per utility, its newest
 * run's exits by cause with its fallbacks beside them, and over the successive runs of one
 * utility, its fallbacks, which fall to zero as the meta-data learns.
 */
public final class ExitFigures {

    /** The series of fallbacks, beside the exits' causes. */
    public static final String FALLBACKS = "fallbacks";

    /** The engine or guest a filter accepts whatever it is. */
    public static final String ANY = "all";

    /**
     * Which runs are charted.
     *
     * @param engine an engine's name ({@code slow}, {@code memo}, {@code fast}) or {@link #ANY}
     * @param guest  a GVM's kind ({@code gvm}, {@code gvm-busy}, a file's name for another) or {@link #ANY}
     */
    public record Filter(String engine, String guest) {

        /** Every run. */
        public static final Filter ALL = new Filter(ANY, ANY);

        /** @return whether {@code run} is charted */
        public boolean accepts(UtilityRun run) {
            return (engine.equals(ANY) || engine.equals(run.getEngine()))
                    && (guest.equals(ANY) || guest.equals(guestOf(run)));
        }
    }

    private ExitFigures() {
    }

    /** @return the guest {@code run} introspected, as the filter names it; empty for a run without one */
    public static String guestOf(UtilityRun run) {
        return run.getGvm() == null || run.getGvm().getKind() == null ? "" : run.getGvm().getKind();
    }

    /** @return the engines of {@code runs}, sorted: a filter's choices */
    public static Set<String> engines(List<UtilityRun> runs) {
        Set<String> engines = new TreeSet<>();
        runs.forEach(run -> engines.add(run.getEngine()));
        return engines;
    }

    /** @return the guests of {@code runs}, sorted: a filter's choices */
    public static Set<String> guests(List<UtilityRun> runs) {
        Set<String> guests = new TreeSet<>();
        runs.forEach(run -> guests.add(guestOf(run)));
        guests.remove("");
        return guests;
    }

    /**
     * Per utility (its command line, in the order the utilities first ran), the newest accepted
     * run's exits by cause and then its {@link #FALLBACKS}; every utility has every series, zero
     * where it has none, so stacked bars line up.
     */
    public static Map<String, Map<String, Long>> newestByUtility(List<UtilityRun> runs, Filter filter) {
        Map<String, UtilityRun> newest = new LinkedHashMap<>();
        Set<String> causes = new TreeSet<>();
        for (UtilityRun run : runs) {
            if (filter.accepts(run)) {
                newest.put(run.getCommandLine(), run);
            }
        }
        newest.values().forEach(run -> run.getExits().forEach(exit -> causes.add(exit.getCause())));
        Map<String, Map<String, Long>> figures = new LinkedHashMap<>();
        newest.forEach((utility, run) -> {
            Map<String, Long> series = new LinkedHashMap<>();
            causes.forEach(cause -> series.put(cause, 0L));
            for (ExitCount exit : run.getExits()) {
                series.merge(exit.getCause(), exit.getCount(), Long::sum);
            }
            series.put(FALLBACKS, (long) run.getFallbacks());
            figures.put(utility, series);
        });
        return figures;
    }

    /** @return the accepted runs of {@code utility}, oldest first: the points of its line of fallbacks */
    public static List<UtilityRun> runsOf(List<UtilityRun> runs, String utility, Filter filter) {
        return runs.stream().filter(run -> run.getCommandLine().equals(utility) && filter.accepts(run)).toList();
    }
}
