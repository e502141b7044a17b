package org.hybridbridge.core.trace;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.stream.Stream;

import org.hybridbridge.core.run.SlowRun;
import org.hybridbridge.core.run.SlowRunRequest;
import org.hybridbridge.core.run.UtilityRunner;
import org.hybridbridge.model.ModelFactory;
import org.hybridbridge.model.Walkthrough;
import org.hybridbridge.progress.ProgressListener;
import org.hybridbridge.qemu.Directories;
import org.hybridbridge.taint.TraceReader;

/**
 * Records a {@link Walkthrough}: runs the utility through Slow-Bridge redirected to a GVM with its
 * per-instruction trace on, and keeps the steps of one introspected system call (DESIGN.md 3.6,
 * the teacher's view of the semantic gap). The run is a real one: its meta-data joins the store.
 */
public final class WalkthroughRecorder {

    private WalkthroughRecorder() {
    }

    /**
     * @param commandLine the utility with its arguments
     * @param syscall     the introspected system call to follow, by name ({@code getpid})
     * @param gvm         the GVM snapshot
     * @throws IllegalArgumentException when the run made no such introspected call (the message
     *                                  names those it made)
     */
    public static Walkthrough record(UtilityRunner runner, String commandLine, String syscall, Path gvm,
            ProgressListener progress) {
        Path directory = null;
        try {
            directory = Files.createTempDirectory("hb-trace");
            Path trace = directory.resolve("trace.tsv");
            SlowRun.run(new SlowRunRequest(runner.svm(progress), gvm, UtilityRunner.command(commandLine),
                    true, SlowRunRequest.DEFAULT_BUDGET, trace, null, null, null), runner.profile(), progress);
            Walkthrough walkthrough = ModelFactory.eINSTANCE.createWalkthrough();
            walkthrough.setCommandLine(commandLine);
            walkthrough.setSyscall(syscall);
            walkthrough.setGvm(gvm.toString());
            walkthrough.setCreated(Instant.now().toString());
            try (BufferedReader reader = Files.newBufferedReader(trace, StandardCharsets.UTF_8)) {
                TraceReader.read(reader, walkthrough);
            }
            if (walkthrough.getSteps().isEmpty()) {
                throw new IllegalArgumentException(commandLine + " made no introspected " + syscall
                        + " call; its introspected calls: " + String.join(", ", introspectedCalls(trace)));
            }
            return walkthrough;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            deleteQuietly(directory);
        }
    }

    private static Set<String> introspectedCalls(Path trace) throws IOException {
        try (Stream<String> lines = Files.lines(trace, StandardCharsets.UTF_8)) {
            Set<String> calls = new LinkedHashSet<>();
            lines.filter(line -> !line.startsWith("#")).forEach(line -> calls.add(line.substring(0, line.indexOf('\t'))));
            return calls;
        }
    }

    private static void deleteQuietly(Path directory) {
        if (directory == null) {
            return;
        }
        try {
            Directories.deleteRecursively(directory);
        } catch (IOException e) {
            // a temporary directory left behind loses nothing
        }
    }
}
