package org.hybridbridge.internal.qemu.image;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

import org.hybridbridge.internal.qemu.process.ExternalCommand;
import org.hybridbridge.qemu.Directories;
import org.hybridbridge.qemu.GuestException;

/**
 * The programs of {@code native/}, compiled statically with the host's gcc into a directory
 * named by a hash of the sources, the compiler and the flags: compiling again with nothing
 * changed finds that directory and does nothing.
 */
public final class NativePrograms {

    /** The guest-side programs, one C file each. */
    public static final List<String> PROGRAMS = List.of("hb-agent", "hb-freeze", "hb-sleeper", "getpid", "gettime",
            "tinyps", "getprocname");

    /** Programs that call hb_marker(): its section must sit at the address the host breaks on. */
    private static final List<String> MARKED = List.of("hb-agent", "hb-freeze");

    static final String MARKER_SECTION = "-Wl,--section-start=.hbmarker=0x68620000";
    private static final List<String> FLAGS = List.of("-static", "-O2", "-Wall", "-Wextra");

    private final Path sources;

    public NativePrograms(Path sources) {
        this.sources = sources;
        if (!Files.isRegularFile(sources.resolve("hb-agent.c"))) {
            throw new GuestException("no native sources in " + sources + " (hb-agent.c is missing)");
        }
    }

    /** A hash of everything the binaries depend on. */
    public String key() throws IOException {
        MessageDigest digest = Hashes.newDigest();
        digest.update(ExternalCommand.run(null, List.of("gcc", "--version")).getBytes(StandardCharsets.UTF_8));
        digest.update(String.join(" ", FLAGS).getBytes(StandardCharsets.UTF_8));
        digest.update(MARKER_SECTION.getBytes(StandardCharsets.UTF_8));
        for (Path source : sourceFiles()) {
            digest.update(source.getFileName().toString().getBytes(StandardCharsets.UTF_8));
            digest.update(Files.readAllBytes(source));
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** Compiles every program into {@code <outputRoot>/<key>/} unless that is done already. */
    public Path compile(Path outputRoot) throws IOException {
        Path output = outputRoot.resolve(key().substring(0, 16));
        if (Files.isDirectory(output)) {
            return output;
        }
        Files.createDirectories(outputRoot);
        Path scratch = Files.createTempDirectory(outputRoot, "compile-");
        try {
            for (String program : PROGRAMS) {
                List<String> command = new ArrayList<>(List.of("gcc"));
                command.addAll(FLAGS);
                command.addAll(List.of("-o", scratch.resolve(program).toString(),
                        sources.resolve(program + ".c").toString()));
                if (MARKED.contains(program)) {
                    command.add(MARKER_SECTION);
                }
                ExternalCommand.run(sources, command);
            }
            Files.move(scratch, output); // the finished directory appears at once, or not at all
        } finally {
            Directories.deleteRecursively(scratch);
        }
        return output;
    }

    private List<Path> sourceFiles() throws IOException {
        try (Stream<Path> files = Files.list(sources)) {
            return files.filter(file -> file.toString().endsWith(".c") || file.toString().endsWith(".h")).sorted()
                    .toList();
        }
    }
}
