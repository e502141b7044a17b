package org.hybridbridge.core.run;

import java.lang.management.ManagementFactory;

/**
 * The bytes the JVM has allocated on the current thread so far, from HotSpot's counter
 * ({@code com.sun.management.ThreadMXBean}): what shows whether the engine's hot path allocates.
 */
final class ThreadAllocation {

    private static final com.sun.management.ThreadMXBean THREADS = ManagementFactory.getThreadMXBean()
            instanceof com.sun.management.ThreadMXBean threads && threads.isThreadAllocatedMemorySupported()
                    ? threads : null;

    private ThreadAllocation() {
    }

    /** @return the current thread's allocated bytes, or -1 where the JVM does not count them */
    static long current() {
        return THREADS == null || !THREADS.isThreadAllocatedMemoryEnabled() ? -1
                : THREADS.getCurrentThreadAllocatedBytes();
    }
}
