package org.hybridbridge.core.run;

import java.lang.management.ManagementFactory;

/**
 * HotSpot's counters of the current thread ({@code com.sun.management.ThreadMXBean}): the bytes it
 * allocated, which show whether the engine's hot path allocates, and its CPU time, which on cores
 * shared with other jobs measures the engine where wall time measures the neighbours too.
 */
final class ThreadCounters {

    private static final com.sun.management.ThreadMXBean THREADS = ManagementFactory.getThreadMXBean()
            instanceof com.sun.management.ThreadMXBean threads ? threads : null;

    private ThreadCounters() {
    }

    /** @return the current thread's allocated bytes, or -1 where the JVM does not count them */
    static long allocatedBytes() {
        return THREADS == null || !THREADS.isThreadAllocatedMemorySupported()
                || !THREADS.isThreadAllocatedMemoryEnabled() ? -1 : THREADS.getCurrentThreadAllocatedBytes();
    }

    /** @return the current thread's CPU time in nanoseconds, or -1 where the JVM does not measure it */
    static long cpuNanos() {
        return THREADS == null || !THREADS.isCurrentThreadCpuTimeSupported() ? -1
                : THREADS.getCurrentThreadCpuTime();
    }
}
