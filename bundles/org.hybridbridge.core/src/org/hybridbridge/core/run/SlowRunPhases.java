package org.hybridbridge.core.run;

import java.time.Duration;

/**
 * Where a Slow-Bridge run's time went ({@code hb bench engine}).
 *
 * @param load              opening and checking both snapshots (format, kernel, memory hashes) and
 *                          setting the engine up at the run-start state
 * @param run               the utility's run in the engine, to its {@code exit_group}
 * @param runCpu            the CPU time of the running thread during {@code run}, or {@code null}
 *                          where the JVM cannot tell ({@link ThreadCounters})
 * @param save              merging the meta-data learned into the profile's file
 * @param runAllocatedBytes the bytes the JVM allocated on the running thread during {@code run}, or
 *                          -1 where the JVM cannot tell
 */
public record SlowRunPhases(Duration load, Duration run, Duration runCpu, Duration save, long runAllocatedBytes) {
}
