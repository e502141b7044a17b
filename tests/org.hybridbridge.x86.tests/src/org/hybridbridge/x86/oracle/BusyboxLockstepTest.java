package org.hybridbridge.x86.oracle;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Busybox applets that need no files, in lockstep engine against Unicorn; what they print is
 * checked against the same busybox run natively on the host (stdin empty, the same environment).
 * The applets are chosen for the instructions they exercise: hashes (rotates, shifts, 64-bit
 * arithmetic), factor (division), expr and test (parsing), printf and date (formatting). busybox
 * {@code dc}, {@code seq} and {@code basename} are absent: they reach x87 code ({@code fnstcw}),
 * which the decoder leaves out of scope.
 */
class BusyboxLockstepTest {

    private static final long BUDGET = 20_000_000;

    @BeforeEach
    void requireUnicorn() {
        Programs.assumeUnicorn();
    }

    @ParameterizedTest
    @ValueSource(strings = { "sha256sum", "sha512sum", "sha1sum", "md5sum", "factor 1234567890 4294967297",
            "expr 6 * 7", "printf %d-%x-%o|%5.2s|%c\\n 42 255 8 abc Z", "wc", "false", "test 1 -lt 2", "date -u -d @0" })
    void applet(String commandLine) throws Exception {
        List<String> arguments = arguments(commandLine);
        Path busybox = Programs.busybox();
        // natively busybox sees its own path as argv[0] and the applet as argv[1]
        Programs.NativeRun expected = Programs.runNatively(busybox, arguments);
        Lockstep.Outcome outcome = EngineLockstepTest.run(busybox, arguments);
        assertEquals(expected.stdout(), outcome.stdout());
        assertEquals(expected.exitStatus(), outcome.exitStatus());
    }

    /** Splits at spaces (argv[0] is the applet's name); an underscore stands for a space inside one argument. */
    private static List<String> arguments(String commandLine) {
        List<String> arguments = new ArrayList<>();
        for (String argument : commandLine.split(" ")) {
            arguments.add(argument.replace('_', ' ').replace("\\n", "\n"));
        }
        return arguments;
    }
}
