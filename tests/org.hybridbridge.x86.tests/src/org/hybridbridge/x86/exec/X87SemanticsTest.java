package org.hybridbridge.x86.exec;

import static org.hybridbridge.x86.exec.LongModeFixture.USER_CODE;
import static org.hybridbridge.x86.exec.LongModeFixture.USER_DATA;
import static org.hybridbridge.x86.exec.LongModeFixture.USER_STACK_TOP;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kernel's x87 sequence ({@code fninit}, {@code fildl} twice, {@code fnclex}, {@code emms})
 * against the host CPU: the same bytes run natively in a gcc-built program and in the engine,
 * then {@code fxsave}; FCW, FSW, the abridged tag word and ST0..ST7 must agree (FOP, FIP and
 * FDP are left out: the engine does not track them, and AMD CPUs do not save them).
 */
class X87SemanticsTest {

    private static final Path GCC = Path.of("/usr/bin/gcc");
    /** fninit; fildl (%rax); fildl 4(%rax); fnclex; [emms]; fxsave (%rcx). */
    private static final String LOADS = "dbe3 db00 db4004 dbe2";
    private static final String EMMS = "0f77";
    private static final String FXSAVE = "0fae01";
    private static final int[][] PAIRS = { { 0, 1 }, { -1, 7 }, { Integer.MIN_VALUE, Integer.MAX_VALUE },
            { 123456789, -42 } };

    @Test
    void theKernelsX87SequenceLeavesTheStateTheCpuLeaves(@TempDir Path directory) throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(GCC), "gcc is not installed");
        List<String> expected = runNatively(directory);
        List<String> actual = new ArrayList<>();
        for (boolean emms : new boolean[] { false, true }) {
            for (int[] pair : PAIRS) {
                actual.add(runInEngine(pair, emms));
            }
        }
        assertEquals(expected, actual);
    }

    private static String runInEngine(int[] pair, boolean emms) {
        LongModeFixture f = new LongModeFixture();
        String code = LOADS + (emms ? EMMS : "") + FXSAVE;
        f.code(USER_CODE, code);
        f.enterUser(USER_CODE, USER_STACK_TOP);
        f.cpu.setGpr(0, USER_DATA);
        f.cpu.setGpr(1, USER_DATA + 0x100);
        f.memory.write(USER_DATA, 4, pair[0]);
        f.memory.write(USER_DATA + 4, 4, pair[1]);
        long end = USER_CODE + code.replace(" ", "").length() / 2;
        while (f.cpu.rip() != end) {
            f.machine.step();
        }
        byte[] image = new byte[160];
        f.memory.read(USER_DATA + 0x100, image, 0, image.length);
        return compared(image);
    }

    /** FCW, FSW, abridged FTW, then the eight 10-byte registers. */
    private static String compared(byte[] image) {
        HexFormat hex = HexFormat.of();
        StringBuilder s = new StringBuilder(hex.formatHex(image, 0, 5));
        for (int register = 0; register < 8; register++) {
            s.append(' ').append(hex.formatHex(image, 32 + 16 * register, 42 + 16 * register));
        }
        return s.toString();
    }

    private static List<String> runNatively(Path directory) throws Exception {
        StringBuilder c = new StringBuilder("""
                #include <stdio.h>
                static unsigned char image[512] __attribute__((aligned(16)));
                static void print(void) {
                    for (int i = 0; i < 5; i++) printf("%02x", image[i]);
                    for (int r = 0; r < 8; r++) { putchar(' '); for (int i = 0; i < 10; i++) printf("%02x", image[32 + 16 * r + i]); }
                    putchar('\\n');
                }
                static void run(const int *values, int emms) {
                    __asm__ volatile("fninit\\n fildl (%%rax)\\n fildl 4(%%rax)\\n fnclex\\n"
                                     "test %%edx, %%edx\\n jz 1f\\n emms\\n 1: fxsave (%%rcx)\\n"
                                     :: "a"(values), "c"(image), "d"(emms) : "memory", "st", "st(1)");
                    print();
                }
                int main(void) {
                """);
        for (int emms = 0; emms < 2; emms++) {
            for (int[] pair : PAIRS) {
                c.append(String.format("    { static const int v[] = { %dLL, %dLL }; run(v, %d); }%n", pair[0], pair[1],
                        emms));
            }
        }
        c.append("    return 0;\n}\n");
        Path source = Files.writeString(directory.resolve("x87.c"), c);
        Path program = directory.resolve("x87");
        Process gcc = new ProcessBuilder(GCC.toString(), "-O0", "-o", program.toString(), source.toString())
                .redirectErrorStream(true).start();
        String log = new String(gcc.getInputStream().readAllBytes());
        assertTrue(gcc.waitFor(120, TimeUnit.SECONDS) && gcc.exitValue() == 0, "gcc failed: " + log);
        Process run = new ProcessBuilder(program.toString()).start();
        List<String> lines = new String(run.getInputStream().readAllBytes()).lines().toList();
        assertTrue(run.waitFor(60, TimeUnit.SECONDS) && run.exitValue() == 0, "the native program failed");
        return lines;
    }
}
