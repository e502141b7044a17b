package org.hybridbridge.x86.oracle;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Busybox applets that need no files, in lockstep engine against Unicorn; what they print is
 * checked against the same busybox run natively on the host (stdin empty, the same environment).
 * The applets are chosen for the instructions they exercise: hashes (rotates, shifts, 64-bit
 * arithmetic), factor (division), dc and awk (bignum and parsing), printf (formatting).
 */
class BusyboxLockstepTest {

    private static final long BUDGET = 20_000_000;

    @BeforeEach
    void requireUnicorn() {
        Programs.assumeUnicorn();
    }

    @ParameterizedTest
    @ValueSource(strings = { "sha256sum", "sha512sum", "sha1sum", "md5sum", "factor 1234567890 4294967297",
            "expr 6 * 7", "printf %d-%x-%o|%5.2s|%c\\n 42 255 8 abc Z", "seq 1 3",
            "dc -e 2_64_^_p", "wc", "false", "test 1 -lt 2", "date -u -d @0" })
    void applet(String commandLine) throws Exception {
        List<String> arguments = arguments(commandLine);
        Path busybox = Programs.busybox();
        NativeRun expected = runNatively(busybox, arguments);
        Lockstep.Outcome outcome = EngineLockstepTest.run(busybox, arguments);
        assertEquals(expected.stdout(), outcome.stdout());
        assertEquals(expected.exitStatus(), outcome.exitStatus());
    }

    /** Splits at spaces; an underscore stands for a space inside one argument. */
    private static List<String> arguments(String commandLine) {
        List<String> arguments = new ArrayList<>();
        for (String argument : commandLine.split(" ")) {
            arguments.add(argument.replace('_', ' ').replace("\\n", "\n"));
        }
        return arguments;
    }

    private record NativeRun(String stdout, int exitStatus) {
    }

    private static NativeRun runNatively(Path busybox, List<String> arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(busybox.toString());
        command.addAll(arguments);
        ProcessBuilder builder = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        builder.environment().clear();
        builder.environment().putAll(Programs.ENVIRONMENT_MAP);
        Process process = builder.start();
        String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException(command + " did not finish natively");
        }
        return new NativeRun(stdout, process.exitValue());
    }
}
