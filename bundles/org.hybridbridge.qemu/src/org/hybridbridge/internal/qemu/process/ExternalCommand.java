package org.hybridbridge.internal.qemu.process;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.hybridbridge.qemu.GuestException;

/**
 * Runs a host program to completion (apt, dpkg-deb, gcc ...) and returns its standard output;
 * a program that is missing, fails or hangs becomes a one-line {@link GuestException}.
 */
public final class ExternalCommand {

    private static final long TIMEOUT_MINUTES = 10;

    private ExternalCommand() {
    }

    /** Runs {@code command} in {@code directory} (null: the current one) and returns its stdout. */
    public static String run(Path directory, List<String> command) {
        String program = command.get(0);
        ProcessBuilder builder = new ProcessBuilder(command);
        if (directory != null) {
            builder.directory(directory.toFile());
        }
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new GuestException(program + " cannot be started (is it installed?): " + e.getMessage(), e);
        }
        try {
            process.getOutputStream().close();
            // Both streams are drained concurrently so that neither pipe can fill and block the program.
            CompletableFuture<String> stderr = CompletableFuture.supplyAsync(() -> readAll(process.getErrorStream()));
            String stdout = readAll(process.getInputStream());
            if (!process.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                throw new GuestException(program + " did not finish within " + TIMEOUT_MINUTES + " minutes");
            }
            if (process.exitValue() != 0) {
                throw new GuestException(String.join(" ", command) + " failed (exit " + process.exitValue() + "): "
                        + lastLine(stderr.join()));
            }
            return stdout;
        } catch (IOException e) {
            throw new GuestException(program + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GuestException(program + " was interrupted", e);
        } finally {
            process.destroyForcibly();
        }
    }

    private static String readAll(InputStream stream) {
        try (stream) {
            return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The last non-blank line: what a failing tool says last is usually the reason. */
    static String lastLine(String text) {
        String[] lines = text.strip().split("\n");
        return lines[lines.length - 1].strip();
    }
}
