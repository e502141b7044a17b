package org.hybridbridge.core.fuzz;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code hb fuzz} found: every case, and whether the GVM snapshot file stayed as it was.
 *
 * @param seed             the seed the variants derive from
 * @param cases            every utility's run on every variant, in order
 * @param snapshotVerified whether the GVM snapshot's memory hash still matched after the last run
 */
public record FuzzReport(long seed, List<FuzzCase> cases, boolean snapshotVerified) {

    public FuzzReport {
        cases = List.copyOf(cases);
    }

    /** @return how many cases of each mutation ended in each outcome */
    public Map<Mutation, Map<Outcome, Integer>> counts() {
        Map<Mutation, Map<Outcome, Integer>> counts = new EnumMap<>(Mutation.class);
        for (FuzzCase c : cases) {
            counts.computeIfAbsent(c.mutation(), m -> new EnumMap<>(Outcome.class)).merge(c.outcome(), 1, Integer::sum);
        }
        return counts;
    }

    /** @return how many cases ended in {@code outcome} */
    public long count(Outcome outcome) {
        return cases.stream().filter(c -> c.outcome() == outcome).count();
    }
}
