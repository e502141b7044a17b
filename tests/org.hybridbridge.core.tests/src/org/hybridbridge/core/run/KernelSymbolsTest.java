package org.hybridbridge.core.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.hybridbridge.qemu.KernelProfile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Naming kernel addresses from a profile's kallsyms (an excerpt of the 6.1.0-56-cloud kernel's). */
class KernelSymbolsTest {

    private static final long PER_CPU_BASE = 0xffff88800f600000L;
    private static KernelSymbols symbols;

    @BeforeAll
    static void profile(@TempDir Path directory) throws IOException {
        Files.writeString(directory.resolve("profile.json"), """
                {"banner": "Linux version test\\n", "kernelRelease": "test", "imageSha256": "00",
                 "perCpuBase": "0xffff88800f600000",
                 "sections": {"_text": "0xffffffff81000000", "_etext": "0xffffffff82000000", "_end": "0xffffffff83830000",
                              "__per_cpu_start": "0x0", "__per_cpu_end": "0x34000"},
                 "keySymbols": {}}""");
        Files.writeString(directory.resolve("kallsyms"), """
                0000000000000000 A __per_cpu_start
                0000000000000000 A fixed_percpu_data
                000000000001fb80 A current_task
                0000000000034000 A __per_cpu_end
                ffffffff81000000 T _text
                ffffffff810b0f40 t __do_sys_getpid
                ffffffff810b0f40 T __x64_sys_getpid
                ffffffff82a1aa40 D init_task
                ffffffff81fff000 T last_function
                ffffffff82000000 T _etext
                ffffffff83830000 B _end
                """);
        symbols = new KernelSymbols(KernelProfile.load(directory));
    }

    @Test
    void perCpuAddressesAreNamedByTheirOffsetInTheArea() {
        assertEquals("current_task+0x0", symbols.apply(PER_CPU_BASE + 0x1fb80));
        assertEquals("fixed_percpu_data+0x28", symbols.apply(PER_CPU_BASE + 0x28), "the stack canary");
    }

    @Test
    void imageAddressesAreNamedByTheSymbolAtOrBelow() {
        assertEquals("__do_sys_getpid+0xc", symbols.apply(0xffffffff810b0f4cL));
        assertEquals("init_task+0x9d8", symbols.apply(0xffffffff82a1aa40L + 0x9d8));
    }

    @Test
    void textStartsAreTheSymbolsBeforeEtextInAddressOrder() {
        assertEquals(List.of(0xffffffff81000000L, 0xffffffff810b0f40L, 0xffffffff81fff000L),
                List.copyOf(symbols.textStarts()), "_text, getpid's two names at one address once, the last function");
    }

    @Test
    void heapStacksAndUserMemoryHaveNoName() {
        assertNull(symbols.apply(0xffff888004a5c000L), "a task in the direct map");
        assertNull(symbols.apply(PER_CPU_BASE + 0x34000), "past the per-CPU area");
        assertNull(symbols.apply(0x7fffffffd7f0L));
        assertNull(symbols.apply(0xffffffff83830000L), "_end is past the image");
    }
}
