package org.hybridbridge.x86.exec;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.hybridbridge.testing.Requirements;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link QemuCpuModel} against its oracle: QEMU itself. A multiboot probe runs {@code cpuid}
 * under {@code qemu-system-x86_64 -accel tcg} with the guests' CPU model and prints every
 * answer; each must equal the model's.
 */
class QemuCpuModelTest {

    /** The guests' CPU model (org.hybridbridge.internal.qemu.machine.QemuCommandLine.CPU_MODEL). */
    private static final String CPU_MODEL = "qemu64,-svm,-smap,-smep,-umip,-pku,-pcid,-invpcid,-fsgsbase,-avx,-avx2";
    private static final Path QEMU = Path.of("/usr/bin/qemu-system-x86_64"), GCC = Path.of("/usr/bin/gcc");

    @Test
    void everyProbedLeafMatchesQemu(@TempDir Path directory) throws Exception {
        Requirements.require(Files.isExecutable(QEMU), "qemu-system-x86_64 is not installed");
        Requirements.require(Files.isExecutable(GCC), "gcc is not installed");
        Path source = copyResource("cpuid-probe.c", directory);
        Path script = copyResource("cpuid-probe.ld", directory);
        Path probe = directory.resolve("probe.elf");
        int compiled = run(directory, GCC.toString(), "-m32", "-ffreestanding", "-fno-pic", "-fno-stack-protector",
                "-fno-asynchronous-unwind-tables", "-nostdlib", "-static", "-O1", "-Wl,-T," + script,
                "-Wl,--build-id=none", "-o", probe.toString(), source.toString());
        Requirements.require(compiled == 0, "gcc cannot build a 32-bit freestanding probe (no -m32 support?)");
        Path output = directory.resolve("cpuid.txt");
        run(directory, QEMU.toString(), "-accel", "tcg", "-cpu", CPU_MODEL, "-m", "256", "-display", "none",
                "-no-reboot", "-serial", "none", "-monitor", "none", "-kernel", probe.toString(), "-chardev",
                "file,id=probe,path=" + output, "-device", "isa-debugcon,iobase=0xe9,chardev=probe", "-device",
                "isa-debug-exit,iobase=0xf4,iosize=4");

        List<String> lines = Files.readAllLines(output);
        assertEquals(44, lines.size(), "one line per probed leaf: " + lines);
        QemuCpuModel model = new QemuCpuModel(0);
        List<String> mismatches = new ArrayList<>();
        for (String line : lines) {
            String[] words = line.split(" ");
            int leaf = Integer.parseUnsignedInt(words[0], 16);
            int subleaf = Integer.parseUnsignedInt(words[1], 16);
            CpuidResult actual = model.cpuid(leaf, subleaf);
            String mine = String.format("%08x %08x %08x %08x %08x %08x", leaf, subleaf, actual.eax(), actual.ebx(),
                    actual.ecx(), actual.edx());
            if (!mine.equals(line)) {
                mismatches.add("qemu " + line + " / model " + mine);
            }
        }
        assertEquals(List.of(), mismatches);
    }

    private static Path copyResource(String name, Path directory) throws IOException {
        try (InputStream in = QemuCpuModelTest.class.getResourceAsStream(name)) {
            assertNotNull(in, name + " is not on the class path");
            Path target = directory.resolve(name);
            Files.copy(in, target);
            return target;
        }
    }

    private static int run(Path directory, String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true)
                .redirectOutput(directory.resolve("process.log").toFile()).start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail("timed out: " + String.join(" ", command));
        }
        return process.exitValue();
    }
}
