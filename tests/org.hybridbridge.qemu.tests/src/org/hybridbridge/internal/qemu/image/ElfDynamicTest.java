package org.hybridbridge.internal.qemu.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.hybridbridge.internal.qemu.process.ExternalCommand;
import org.hybridbridge.testing.Requirements;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The loader's view of a program, checked on programs gcc builds here, dynamic and static. */
class ElfDynamicTest {

    @Test
    void aDynamicProgramNamesItsLoaderAndItsLibraries(@TempDir Path directory) throws IOException {
        Path program = compile(directory);

        ElfDynamic dynamic = ElfDynamic.read(program);

        assertEquals(Optional.of("/lib64/ld-linux-x86-64.so.2"), dynamic.interpreter());
        assertEquals(List.of("libm.so.6", "libc.so.6"), dynamic.needed());
    }

    @Test
    void aStaticProgramNeedsNothing(@TempDir Path directory) throws IOException {
        Path program = compile(directory, "-static");

        assertTrue(ElfDynamic.isElf(program));
        assertEquals(new ElfDynamic(Optional.empty(), List.of()), ElfDynamic.read(program));
    }

    @Test
    void aScriptIsNoElfFile(@TempDir Path directory) throws IOException {
        Path script = Files.writeString(directory.resolve("init"), "#!/bin/sh\n");

        assertFalse(ElfDynamic.isElf(script));
    }

    private static Path compile(Path directory, String... flags) throws IOException {
        Requirements.require(Files.isExecutable(Path.of("/usr/bin/gcc")), "no gcc on this host");
        Path source = Files.writeString(directory.resolve("p.c"),
                "#include <math.h>\nint main(int c, char **v) { (void) v; return (int) sqrt((double) c + 0.5); }\n");
        Path program = directory.resolve("p");
        List<String> command = new ArrayList<>(List.of(flags));
        command.addAll(0, List.of("gcc", "-O0", "-Wl,--no-as-needed", "-o", program.toString(), source.toString()));
        command.add("-lm");
        ExternalCommand.run(directory, command);
        return program;
    }
}
