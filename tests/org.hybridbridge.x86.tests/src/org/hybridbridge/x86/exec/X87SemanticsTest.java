package org.hybridbridge.x86.exec;

import static org.hybridbridge.x86.exec.LongModeFixture.*;
import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.hybridbridge.testing.Requirements;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kernel's {@code fnclex; emms; fildl} against the host CPU: the same sequence runs natively
 * after {@code fninit} and in the engine from the initial x87 state; the FXSAVE images must
 * agree on FCW, FSW, FTW and ST0..ST7 (FIP and FDP are addresses, which differ; recent Intel
 * CPUs store FOP only after an x87 exception, where QEMU always does).
 */
class X87SemanticsTest {

    private static final Path GCC = Path.of("/usr/bin/gcc");
    /** fildl (%rax); fildl 4(%rax); fnclex; emms; fildl 8(%rax). */
    private static final String SEQUENCE = "db00 db4004 dbe2 0f77 db4008";
    private static final int[][] VALUES = { { 0, 1, -1 }, { 123456789, Integer.MIN_VALUE, Integer.MAX_VALUE },
            { -7, 0x4000_0000, 3 } };

    @Test
    void fildFnclexEmmsMatchTheHostCpu(@TempDir Path directory) throws Exception {
        Requirements.require(Files.isExecutable(GCC), "gcc is not installed");
        List<String> expected = runNatively(directory);
        assertEquals(VALUES.length, expected.size());
        for (int n = 0; n < VALUES.length; n++) {
            assertEquals(expected.get(n), runInEngine(VALUES[n]), "values " + java.util.Arrays.toString(VALUES[n]));
        }
    }

    @Test
    void fnclexClearsExceptionFlagsAndBusy() {
        LongModeFixture f = new LongModeFixture();
        f.code(KERNEL_CODE, "dbe2");
        f.enterKernel(KERNEL_CODE, KERNEL_STACK_TOP);
        byte[] x87 = f.cpu.x87();
        x87[2] = (byte) 0xFF;
        x87[3] = (byte) 0xBF; // B, C3, TOP 7, C2, C1, C0 and every exception flag
        f.cpu.setX87(x87);
        f.machine.step();
        assertEquals(0x3F00, f.cpu.x87()[2] & 0xFF | (f.cpu.x87()[3] & 0xFF) << 8);
    }

    @Test
    void fwaitWithTaskSwitchedAndMonitorRaisesDeviceNotAvailable() {
        LongModeFixture f = new LongModeFixture();
        long nmHandler = KERNEL_CODE + 0x700;
        f.gate(CpuException.NM, nmHandler, 0xE, 0, 0, true);
        f.code(KERNEL_CODE, "9b 9b");
        f.enterKernel(KERNEL_CODE, KERNEL_STACK_TOP);
        f.machine.step();
        assertEquals(KERNEL_CODE + 1, f.cpu.rip(), "no exception pending: fwait does nothing");
        f.cpu.setCr(0, f.cpu.cr(0) | 0xA); // MP, TS
        f.machine.step();
        assertEquals(nmHandler, f.cpu.rip());
    }

    private static String runInEngine(int[] values) {
        LongModeFixture f = new LongModeFixture();
        f.code(KERNEL_CODE, SEQUENCE);
        f.enterKernel(KERNEL_CODE, KERNEL_STACK_TOP);
        f.cpu.setGpr(0, USER_DATA);
        for (int i = 0; i < values.length; i++) {
            f.memory.write(USER_DATA + 4L * i, 4, values[i]);
        }
        for (int i = 0; i < 5; i++) {
            f.machine.step();
        }
        assertEquals(KERNEL_CODE + SEQUENCE.replace(" ", "").length() / 2, f.cpu.rip());
        return compared(f.cpu.x87());
    }

    /** FCW, FSW, FTW (bytes 0..5) and the registers (32..159) in hex. */
    private static String compared(byte[] image) {
        HexFormat hex = HexFormat.of();
        return hex.formatHex(image, 0, 6) + " " + hex.formatHex(image, 32, 160);
    }

    private static List<String> runNatively(Path directory) throws Exception {
        StringBuilder c = new StringBuilder("""
                #include <stdio.h>
                static unsigned char area[512] __attribute__((aligned(16)));
                static int values[3];
                static void run(void) {
                    __asm__ volatile("fninit\\n .byte %s\\n fxsave64 (%%%%rcx)\\n"
                                     :: "a"(values), "c"(area) : "memory", "st", "st(1)", "st(2)");
                }
                int main(void) {
                    static const int inputs[][3] = { %s };
                    for (unsigned n = 0; n < sizeof inputs / sizeof inputs[0]; n++) {
                        for (int i = 0; i < 3; i++) values[i] = inputs[n][i];
                        run();
                        for (int i = 0; i < 6; i++) printf("%%02x", area[i]);
                        putchar(' ');
                        for (int i = 32; i < 160; i++) printf("%%02x", area[i]);
                        putchar('\\n');
                    }
                    return 0;
                }
                """);
        String bytes = String.join(",", HexFormat.ofDelimiter(",").withPrefix("0x")
                .formatHex(HexFormat.of().parseHex(SEQUENCE.replace(" ", ""))));
        StringBuilder inputs = new StringBuilder();
        for (int[] v : VALUES) {
            inputs.append(String.format("{ %d, %d, %d }, ", v[0], v[1], v[2]).replace("-2147483648", "(-2147483647 - 1)"));
        }
        Path source = directory.resolve("x87.c");
        Files.writeString(source, String.format(c.toString(), bytes, inputs));
        Path program = directory.resolve("x87");
        Process gcc = new ProcessBuilder(GCC.toString(), "-O0", "-o", program.toString(), source.toString())
                .redirectErrorStream(true).redirectOutput(directory.resolve("gcc.log").toFile()).start();
        assertTrue(gcc.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, gcc.exitValue(), () -> "gcc failed: " + readQuietly(directory.resolve("gcc.log")));
        Path output = directory.resolve("x87.txt");
        Process run = new ProcessBuilder(program.toString()).redirectOutput(output.toFile()).start();
        assertTrue(run.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, run.exitValue());
        return Files.readAllLines(output);
    }

    private static String readQuietly(Path path) {
        try {
            return Files.readString(path);
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }
}
