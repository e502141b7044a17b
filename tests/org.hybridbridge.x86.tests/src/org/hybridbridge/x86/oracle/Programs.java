package org.hybridbridge.x86.oracle;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.hybridbridge.testing.Requirements;

/** The real programs the lockstep runs: the project's utilities built static, and busybox. */
final class Programs {

    static final Path BUSYBOX = Path.of("/bin/busybox");
    /** The environment every program gets, in the lockstep and natively. */
    static final List<String> ENVIRONMENT = List.of("PATH=/bin", "LANG=C");
    private static final Path GCC = Path.of("/usr/bin/gcc");
    /** The project's C utilities, seen from the test module's directory (Tycho's working directory). */
    private static final Path NATIVE = Path.of("../../native");

    private Programs() {
    }

    /** Builds {@code native/<name>.c} with {@code gcc -static -O2} into {@code directory}; skips without gcc or static glibc. */
    static Path compileStatic(String name, Path directory) throws IOException, InterruptedException {
        return compile(nativeSource(name), directory.resolve(name), "-static");
    }

    /** As {@link #compileStatic}, but a static PIE ({@code ET_DYN}, relocating itself). */
    static Path compileStaticPie(String name, Path directory) throws IOException, InterruptedException {
        return compile(nativeSource(name), directory.resolve(name), "-static-pie");
    }

    private static Path nativeSource(String name) {
        Path source = NATIVE.resolve(name + ".c");
        Requirements.require(Files.isReadable(source), source.toAbsolutePath() + " is not readable");
        return source;
    }

    /** Builds the C file {@code resource} next to this class, as {@link #compileStatic} does. */
    static Path compileResource(String resource, Path directory) throws IOException, InterruptedException {
        String name = Path.of(resource).getFileName().toString();
        Path source = directory.resolve(name);
        try (InputStream in = Programs.class.getResourceAsStream(resource)) {
            Requirements.require(in != null, resource + " is not on the class path");
            Files.copy(in, source);
        }
        return compile(source, directory.resolve(name.replace(".c", "")), "-static");
    }

    private static Path compile(Path source, Path binary, String linking) throws IOException, InterruptedException {
        Requirements.require(Files.isExecutable(GCC), "gcc is not installed");
        Process gcc = new ProcessBuilder(GCC.toString(), linking, "-O2", "-o", binary.toString(), source.toString())
                .redirectErrorStream(true).start();
        String output = new String(gcc.getInputStream().readAllBytes());
        Requirements.require(gcc.waitFor(120, TimeUnit.SECONDS) && gcc.exitValue() == 0,
                "gcc " + linking + " failed (static glibc missing?): " + output);
        return binary;
    }

    /** What a program prints natively on the host: the expected output of a lockstep run. */
    record NativeRun(String stdout, int exitStatus) {
    }

    /** Runs {@code executable} with {@code arguments} (argv[1..]) on the host, stdin empty, in {@link #ENVIRONMENT}. */
    static NativeRun runNatively(Path executable, List<String> arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(executable.toString());
        command.addAll(arguments);
        ProcessBuilder builder = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        builder.environment().clear();
        ENVIRONMENT.forEach(variable -> builder.environment().put(variable.substring(0, variable.indexOf('=')),
                variable.substring(variable.indexOf('=') + 1)));
        Process process = builder.start();
        String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException(command + " did not finish natively");
        }
        return new NativeRun(stdout, process.exitValue());
    }

    /** @return {@code /bin/busybox}; skips when it is absent */
    static Path busybox() {
        Requirements.require(Files.isReadable(BUSYBOX), "/bin/busybox is absent (apt-get install busybox-static)");
        return BUSYBOX;
    }

    static void assumeUnicorn() {
        Unicorn.unavailableReason().ifPresent(reason -> Requirements.require(false, reason));
    }
}
