package org.hybridbridge.x86.exec;

import static org.hybridbridge.x86.exec.LongModeFixture.*;
import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.hybridbridge.testing.Requirements;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SSE semantics against the host CPU: each instruction's bytes run natively at CPL 3 in a
 * gcc-built program and in the engine from the same state (XMM0, XMM1, RCX, RDX, 32 bytes of
 * 16-aligned memory at RAX); every result must agree.
 */
class SseSemanticsTest {

    private static final Path GCC = Path.of("/usr/bin/gcc");
    private static final int RAX = 0, RCX = 1, RDX = 2;
    /** The flags the programs start with and the ones compared (status flags). */
    private static final long START_FLAGS = 0x202, COMPARED_FLAGS = CpuState.STATUS_FLAGS;

    /** Instruction bytes: XMM0 is ModRM.reg, XMM1 (or RCX) ModRM.rm, (%rax) the memory form. */
    private static final String[] CASES = {
            "660fefc1", "660febc1", "660fdbc1", "660fdfc1", "0f57c1", "660f57c1", "0f54c1", "660f54c1", "0f56c1",
            "660f56c1", "0f55c1", "660f55c1",
            "660f74c1", "660f7400", "660f75c1", "660f76c1", "660f64c1", "660f65c1", "660f66c1", "660fdac1",
            "660fdec1",
            "660ffcc1", "660ffdc1", "660ffec1", "660fd4c1", "660ff8c1", "660ff9c1", "660ffac1", "660ffbc1",
            "660f60c1", "660f61c1", "660f62c1", "660f6cc1", "660f68c1", "660f69c1", "660f6ac1", "660f6dc1",
            "0f14c1", "0f15c1", "660f14c1", "660f15c1",
            "660f70c11b", "f20f70c14e", "f30f70c193", "0fc6c172", "660fc6c101", "660fc6c102",
            "660f73f805", "660f73d803", "660f73f811", "660f71f003", "660f72f007", "660f73f021", "660f71d004",
            "660f72d01f", "660f73d001", "660f71e00f", "660f72e028", "660f71f010",
            "660ff1c1", "660ff2c1", "660ff3c1", "660fd1c1", "660fd2c1", "660fd3c1", "660fe1c1", "660fe2c1",
            "660fd7c9", "66480fd7c9", "0f50c9", "660f50c9", "660fc5c905", "660fc4c103", "660fc40003",
            "660f6ec1", "66480f6ec1", "660f7ec9", "66480f7ec9", "f30f7ec1", "f30f7e00", "660fd608", "660fd6c8",
            "660f6e00", "660f7e08",
            "660f6f00", "660f7f08", "f30f6f00", "0f1000", "0f28c1", "660f28c1", "660fe708", "0f2b08", "0f1108",
            "0f1600", "0f1708", "0f1200", "0f1308", "660f1200", "660f1308", "660f1600", "660f1708", "0f12c1",
            "0f16c1",
            "f30f1000", "f30f10c1", "f30f1108", "f20f1000", "f20f10c1", "f20f1108",
            "660f3800c1", "660f3a0fc105", "660f3a0fc113", "660f3817c1", "660f383bc1", "660f383fc1", "660f3829c1",
            "660f3817c0",
            // saturating, multiplying, averaging and packing integer arithmetic
            "660fd8c1", "660fd9c1", "660fdcc1", "660fddc1", "660fe8c1", "660fe9c1", "660fecc1", "660fedc1",
            "660feac1", "660feec1", "660fd5c1", "660fe5c1", "660fe4c1", "660fe0c1", "660fe3c1", "660ff4c1",
            "660ff4c1", "660ff5c1", "660ff6c1", "660f63c1", "660f67c1", "660f6bc1", "660f3838c1", "660f383ac1",
            // floating point: scalar and packed arithmetic, square root, minimum, maximum
            "f20f58c1", "f20f5800", "f20f5cc1", "f20f59c1", "f20f5ec1", "f20f51c1", "f20f5dc1", "f20f5fc1",
            "f30f58c1", "f30f5800", "f30f5cc1", "f30f59c1", "f30f5ec1", "f30f51c1", "f30f5dc1", "f30f5fc1",
            "660f58c1", "660f5800", "660f5cc1", "660f59c1", "660f5ec1", "660f51c1", "660f5dc1", "660f5fc1",
            "0f58c1", "0f5cc1", "0f59c1", "0f5ec1", "0f51c1", "0f5dc1", "0f5fc1",
            // comparisons and conversions
            "660f2ec1", "660f2fc1", "0f2ec1", "0f2fc1", "660f2e00",
            "f2480f2ac1", "f20f2ac1", "f2480f2a00", "f3480f2ac1", "f30f2ac1",
            "f2480f2cc8", "f20f2cc8", "f2480f2dc8", "f20f2dc8", "f3480f2cc8", "f30f2cc8", "f3480f2dc8", "f30f2dc8",
            "f30f5ac1", "f20f5ac1", "f20f5a00" };

    /** QEMU's model plus SSSE3 and SSE4.1, which the host has, to test the semantics behind the #UD gate. */
    private static final CpuModel WITH_SSE4 = new CpuModel() {
        private final QemuCpuModel qemu = new QemuCpuModel(0);

        @Override
        public CpuidResult cpuid(int leaf, int subleaf) {
            CpuidResult r = qemu.cpuid(leaf, subleaf);
            return leaf == 1 ? new CpuidResult(r.eax(), r.ebx(), r.ecx() | 1 << 9 | 1 << 19, r.edx()) : r;
        }

        @Override
        public long tsc(long instructionsRetired) {
            return qemu.tsc(instructionsRetired);
        }
    };

    /** MXCSR at power-on: every exception masked, round to nearest, no flag raised. */
    private static final int MXCSR = 0x1F80;

    /** One starting state: XMM0, XMM1, RCX, RDX, then the 32 memory bytes. */
    private record Input(byte[] xmm0, byte[] xmm1, long rcx, long rdx, byte[] memory) {
    }

    @Test
    void everyCaseMatchesTheHostCpu(@TempDir Path directory) throws Exception {
        Requirements.require(Files.isExecutable(GCC), "gcc is not installed");
        String cpuinfo = Files.readString(Path.of("/proc/cpuinfo"));
        // a property of the host's CPU, not something missing: a plain skip also under requireAll
        Assumptions.assumeTrue(cpuinfo.contains(" ssse3") && cpuinfo.contains(" sse4_1"),
                "the host CPU lacks SSSE3 or SSE4.1");
        List<Input> inputs = inputs();
        List<String> expected = runNatively(directory, inputs);
        assertEquals(CASES.length * inputs.size(), expected.size(), "one line per case and input");
        List<String> mismatches = new ArrayList<>();
        int line = 0;
        for (String code : CASES) {
            for (Input input : inputs) {
                String actual = runInEngine(code, input);
                if (!actual.equals(expected.get(line))) {
                    mismatches.add(code + "\n  cpu    " + expected.get(line) + "\n  engine " + actual);
                }
                line++;
            }
        }
        assertEquals("", String.join("\n", mismatches));
    }

    @Test
    void alignedMovesFaultOnUnalignedMemoryUnalignedOnesDoNot() {
        LongModeFixture f = new LongModeFixture();
        long gpHandler = KERNEL_CODE + 0x300;
        f.gate(CpuException.GP, gpHandler, 0xE, 0, 0, true);
        f.code(USER_CODE, "f30f6f00 660f6f00"); // movdqu (%rax),%xmm0; movdqa (%rax),%xmm0
        f.enterUser(USER_CODE, USER_STACK_TOP);
        f.cpu.setGpr(RAX, USER_DATA + 8);
        f.machine.step();
        assertEquals(USER_CODE + 4, f.cpu.rip());
        f.machine.step();
        assertEquals(gpHandler, f.cpu.rip());
    }

    @Test
    void pinsrwFromMemoryReadsOnlyItsWord() {
        LongModeFixture f = new LongModeFixture();
        f.code(USER_CODE, "660fc40003"); // pinsrw $3,(%rax),%xmm0 on the last two bytes of a page
        f.enterUser(USER_CODE, USER_STACK_TOP);
        f.cpu.setGpr(RAX, USER_DATA + 0xFFE);
        f.memory.write(USER_DATA + 0xFFE, 2, 0xBEEF);
        f.machine.step();
        assertEquals(USER_CODE + 5, f.cpu.rip(), "no #PF from the unmapped next page");
        assertEquals(0xBEEFL << 48, f.cpu.xmm(0, 0));
    }

    @Test
    void mmxFormsStopTheRun() {
        LongModeFixture f = new LongModeFixture();
        f.code(USER_CODE, "0fefc1"); // pxor %mm1,%mm0
        f.enterUser(USER_CODE, USER_STACK_TOP);
        EngineError error = assertThrows(EngineError.class, f.machine::step);
        assertTrue(error.getMessage().contains("MMX"), error.getMessage());
    }

    private static List<Input> inputs() {
        Random random = new Random(20260122);
        List<Input> inputs = new ArrayList<>();
        for (int n = 0; n < 6; n++) {
            byte[] a = bytes(random, 16), b = bytes(random, 16), memory = bytes(random, 32);
            long rcx = random.nextLong(), rdx = random.nextLong();
            switch (n) {
                case 1 -> { // equal and zero bytes, as strlen and strcmp meet them
                    System.arraycopy(a, 0, b, 0, 8);
                    b[12] = a[12] = 0;
                    memory[3] = a[3];
                }
                case 2 -> { // small shift counts in XMM1's low quadword
                    b = new byte[16];
                    b[0] = 5;
                    rcx &= 0xFFFF;
                }
                case 3 -> { // extremes
                    for (int i = 0; i < 16; i++) {
                        a[i] = (byte) (i % 2 == 0 ? 0x80 : 0x7F);
                        b[i] = (byte) (i % 3 == 0 ? 0xFF : 0x80);
                    }
                }
                case 4 -> {
                    b = new byte[16];
                    b[0] = 17;
                    a = b.clone();
                }
                default -> {
                }
            }
            inputs.add(new Input(a, b, rcx, rdx, memory));
        }
        addFloatingPointInputs(inputs);
        return inputs;
    }

    /**
     * Doubles and floats where SSE's rules show: NaNs quiet and signaling (with payloads),
     * infinities, signed zeros, denormals, results that overflow, underflow or are inexact,
     * integers beyond 2^63 and 2^31 for the conversions.
     */
    private static void addFloatingPointInputs(List<Input> inputs) {
        long qnan = 0x7FF8_0000_0000_1234L, snan = 0x7FF0_0000_0000_0042L, denormal = 0x0000_0000_0000_1234L;
        long[][] doubles = { { d(1.5), d(-2.25), d(0.1), d(3.0) }, { d(1e308), d(-0.0), d(1e308), d(1e-310) },
                { qnan, snan, d(Double.POSITIVE_INFINITY), d(Double.NEGATIVE_INFINITY) },
                { d(9.3e18), d(-0.0), d(-2.5), d(0.5) }, { d(-7.0), qnan | 1L << 63, d(Double.MIN_NORMAL), d(0.75) },
                { denormal, d(2.0), snan, qnan }, { d(2.5e9), d(-3.5e9), d(0.0), d(4.0) } };
        for (long[] v : doubles) {
            inputs.add(new Input(xmm(v[0], v[1]), xmm(v[2], v[3]), 0x7FFF_FFFF_FFFF_FFFFL, -3,
                    concat(xmm(v[3], v[0]), xmm(v[1], v[2]))));
        }
        int[][] floats = { { f(1.5f), f(-2.25f), f(0.1f), f(3.0f), f(3e38f), f(-0.0f), f(1e-40f), f(7.0f) },
                { 0x7FC0_0012, 0x7F80_0001, f(Float.POSITIVE_INFINITY), f(-1.0f), f(3e9f), f(-3e9f), f(0.0f),
                        f(16777217.0f) } };
        for (int[] v : floats) {
            inputs.add(new Input(xmm(pair(v[0], v[1]), pair(v[2], v[3])), xmm(pair(v[4], v[5]), pair(v[6], v[7])),
                    0x1234_5678_9ABC_DEF1L, 0x8000_0001L, concat(xmm(pair(v[4], v[6]), pair(v[1], v[3])),
                            xmm(pair(v[0], v[7]), 0))));
        }
    }

    private static long d(double value) {
        return Double.doubleToRawLongBits(value);
    }

    private static int f(float value) {
        return Float.floatToRawIntBits(value);
    }

    private static long pair(int low, int high) {
        return (low & 0xFFFF_FFFFL) | (long) high << 32;
    }

    private static byte[] xmm(long low, long high) {
        return new Xmm(low, high).toBytes();
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] both = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        return both;
    }

    private static byte[] bytes(Random random, int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    private String runInEngine(String code, Input input) {
        LongModeFixture f = new LongModeFixture(WITH_SSE4);
        f.code(USER_CODE, code);
        f.enterUser(USER_CODE, USER_STACK_TOP);
        f.cpu.setRflags(START_FLAGS);
        f.cpu.setMxcsr(MXCSR);
        setXmm(f.cpu, 0, input.xmm0());
        setXmm(f.cpu, 1, input.xmm1());
        f.cpu.setGpr(RCX, input.rcx());
        f.cpu.setGpr(RDX, input.rdx());
        f.cpu.setGpr(RAX, USER_DATA);
        f.memory.write(USER_DATA, input.memory(), 0, 32);
        f.machine.step();
        assertEquals(USER_CODE + code.length() / 2, f.cpu.rip(), code + " raised an exception");
        byte[] memory = new byte[32];
        f.memory.read(USER_DATA, memory, 0, 32);
        return format(xmmBytes(f.cpu, 0), xmmBytes(f.cpu, 1), f.cpu.gpr(RCX), f.cpu.gpr(RDX),
                f.cpu.rflags() & COMPARED_FLAGS, f.cpu.mxcsr(), memory);
    }

    private static void setXmm(CpuState cpu, int n, byte[] bytes) {
        Xmm value = Xmm.fromBytes(bytes);
        cpu.setXmm(n, 0, value.low());
        cpu.setXmm(n, 1, value.high());
    }

    private static byte[] xmmBytes(CpuState cpu, int n) {
        return new Xmm(cpu.xmm(n, 0), cpu.xmm(n, 1)).toBytes();
    }

    private static String format(byte[] xmm0, byte[] xmm1, long rcx, long rdx, long flags, int mxcsr,
            byte[] memory) {
        HexFormat hex = HexFormat.of();
        return String.format("%s %s %016x %016x %04x %04x %s", hex.formatHex(xmm0), hex.formatHex(xmm1), rcx, rdx,
                flags, mxcsr, hex.formatHex(memory));
    }

    /** Builds a C program that runs every case from every input natively and prints the same line. */
    private static List<String> runNatively(Path directory, List<Input> inputs) throws IOException,
            InterruptedException {
        StringBuilder c = new StringBuilder("""
                #include <stdio.h>
                struct state { unsigned char x0[16], x1[16]; unsigned long rcx, rdx, flags, mxcsr;
                               unsigned char memory[32]; } __attribute__((aligned(16)));
                static void print(struct state *s) {
                    for (int i = 0; i < 16; i++) printf("%02x", s->x0[i]);
                    putchar(' ');
                    for (int i = 0; i < 16; i++) printf("%02x", s->x1[i]);
                    printf(" %016lx %016lx %04lx %04lx ", s->rcx, s->rdx, s->flags & 0x8d5, s->mxcsr & 0xffff);
                    for (int i = 0; i < 32; i++) printf("%02x", s->memory[i]);
                    putchar('\\n');
                }
                """);
        for (int i = 0; i < CASES.length; i++) {
            String bytes = String.join(",", HexFormat.ofDelimiter(",").withPrefix("0x")
                    .formatHex(HexFormat.of().parseHex(CASES[i])).split(","));
            c.append("static void case").append(i).append("(struct state *s) {\n    __asm__ volatile(")
                    .append("\"movdqu 0(%%rdi), %%xmm0\\n movdqu 16(%%rdi), %%xmm1\\n")
                    .append(" mov 32(%%rdi), %%rcx\\n mov 40(%%rdi), %%rdx\\n lea 64(%%rdi), %%rax\\n")
                    .append(" movl $").append(MXCSR).append(", 56(%%rdi)\\n ldmxcsr 56(%%rdi)\\n")
                    .append(" pushq $").append(START_FLAGS).append("\\n popfq\\n")
                    .append(" .byte ").append(bytes).append("\\n")
                    .append(" pushfq\\n popq 48(%%rdi)\\n stmxcsr 56(%%rdi)\\n movdqu %%xmm0, 0(%%rdi)\\n movdqu %%xmm1, 16(%%rdi)\\n")
                    .append(" mov %%rcx, 32(%%rdi)\\n mov %%rdx, 40(%%rdi)\\n\"")
                    .append(" :: \"D\"(s) : \"rax\", \"rcx\", \"rdx\", \"xmm0\", \"xmm1\", \"memory\", \"cc\");\n}\n");
        }
        c.append("static const struct state inputs[] = {\n");
        for (Input input : inputs) {
            c.append("  { {").append(cBytes(input.xmm0())).append("}, {").append(cBytes(input.xmm1()))
                    .append(String.format("}, 0x%xUL, 0x%xUL, 0, 0, {", input.rcx(), input.rdx()))
                    .append(cBytes(input.memory())).append("} },\n");
        }
        c.append("};\nint main(void) {\n    struct state s;\n");
        for (int i = 0; i < CASES.length; i++) {
            c.append("    for (unsigned n = 0; n < sizeof inputs / sizeof inputs[0]; n++) { s = inputs[n]; case")
                    .append(i).append("(&s); print(&s); }\n");
        }
        c.append("    return 0;\n}\n");
        Path source = directory.resolve("sse.c");
        Path program = directory.resolve("sse");
        Files.writeString(source, c);
        Path log = directory.resolve("gcc.log");
        Process gcc = new ProcessBuilder(GCC.toString(), "-O0", "-mno-red-zone", "-o", program.toString(),
                source.toString()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertTrue(gcc.waitFor(120, TimeUnit.SECONDS), "gcc timed out");
        assertEquals(0, gcc.exitValue(), () -> "gcc failed: " + readQuietly(log));
        Path output = directory.resolve("sse.txt");
        Process run = new ProcessBuilder(program.toString()).redirectOutput(output.toFile()).start();
        assertTrue(run.waitFor(60, TimeUnit.SECONDS), "the native program timed out");
        assertEquals(0, run.exitValue(), "the native program failed");
        return Files.readAllLines(output);
    }

    private static String cBytes(byte[] bytes) {
        StringBuilder s = new StringBuilder();
        for (byte b : bytes) {
            s.append(s.isEmpty() ? "" : ",").append(b & 0xFF);
        }
        return s.toString();
    }

    private static String readQuietly(Path path) {
        try {
            return Files.readString(path);
        } catch (IOException e) {
            return e.toString();
        }
    }
}
