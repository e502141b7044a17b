package org.hybridbridge.x86.oracle;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;

/** The real programs the lockstep runs: the project's utilities built static, and busybox. */
final class Programs {

    static final Path BUSYBOX = Path.of("/bin/busybox");
    /** The environment every program gets, in the lockstep and natively. */
    static final List<String> ENVIRONMENT = List.of("PATH=/bin", "LANG=C");
    static final Map<String, String> ENVIRONMENT_MAP = Map.of("PATH", "/bin", "LANG", "C");
    private static final Path GCC = Path.of("/usr/bin/gcc");
    /** The project's C utilities, seen from the test module's directory (Tycho's working directory). */
    private static final Path NATIVE = Path.of("../../native");

    private Programs() {
    }

    /** Builds {@code native/<name>.c} with {@code gcc -static -O2} into {@code directory}; skips without gcc or static glibc. */
    static Path compileStatic(String name, Path directory) throws IOException, InterruptedException {
        Path source = NATIVE.resolve(name + ".c");
        Assumptions.assumeTrue(Files.isReadable(source), source.toAbsolutePath() + " is not readable");
        Assumptions.assumeTrue(Files.isExecutable(GCC), "gcc is not installed");
        Path binary = directory.resolve(name);
        Process gcc = new ProcessBuilder(GCC.toString(), "-static", "-O2", "-o", binary.toString(), source.toString())
                .redirectErrorStream(true).start();
        String output = new String(gcc.getInputStream().readAllBytes());
        Assumptions.assumeTrue(gcc.waitFor(120, TimeUnit.SECONDS) && gcc.exitValue() == 0,
                "gcc -static failed (static glibc missing?): " + output);
        return binary;
    }

    /** @return {@code /bin/busybox}; skips when it is absent */
    static Path busybox() {
        Assumptions.assumeTrue(Files.isReadable(BUSYBOX), "/bin/busybox is absent (apt-get install busybox-static)");
        return BUSYBOX;
    }

    static void assumeUnicorn() {
        Unicorn.unavailableReason().ifPresent(reason -> Assumptions.abort(reason));
    }
}
