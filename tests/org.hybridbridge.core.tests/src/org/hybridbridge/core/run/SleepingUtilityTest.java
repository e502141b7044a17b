package org.hybridbridge.core.run;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.hybridbridge.progress.ProgressListener;
import org.hybridbridge.x86.exec.EngineError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A utility that sleeps is never woken in an engine that delivers no interrupts: the run stops
 * at the idle task's {@code hlt} and says which system call slept, and where in the kernel.
 */
class SleepingUtilityTest {

    @Test
    void sleepStopsNamingItsSystemCallAndTheFunctionThatPutItToSleep(@TempDir Path directory) {
        SlowRunRequest sleep = new SlowRunRequest(RunFixtures.svm(), null, List.of("sleep", "1"), false,
                SlowRunRequest.DEFAULT_BUDGET, null, null, directory.resolve("metadata.hbmeta"), null);

        EngineError stopped = assertThrows(EngineError.class,
                () -> SlowRun.run(sleep, RunFixtures.profile(), ProgressListener.NONE));

        assertTrue(stopped.getMessage().matches(".*, in clock_nanosleep at \\w+\\+0x\\p{XDigit}+: "
                + "the kernel put the task to sleep in "
                + "do_nanosleep\\+0x\\p{XDigit}+ \\(its kernel stack: __schedule\\+.* <- do_nanosleep\\+.* <- "
                + "hrtimer_nanosleep\\+.*\\) and the CPU went idle \\(hlt at \\w+\\+0x\\p{XDigit}+\\): the engine "
                + "delivers no interrupts, nothing would wake it"), stopped.getMessage());
    }
}
