package org.hybridbridge.fast;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

import org.hybridbridge.x86.Instruction;

/**
 * A file of kernel instruction sites the VMM patches, per kernel build: one
 * {@code address mnemonic} a line (hex address). A site read back is decoded again and must be
 * that instruction, so a file of another build is an error that says so, never a wrong patch.
 */
final class SitesFile {

    private SitesFile() {
    }

    /** @return the instructions the file lists, each checked against the text; empty when there is no file */
    static List<Instruction> read(Path file, KernelText text) {
        List<Instruction> sites = new ArrayList<>();
        if (file == null || !Files.exists(file)) {
            return sites;
        }
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                String[] fields = line.trim().split("\\s+");
                if (fields.length != 2) {
                    continue;
                }
                Instruction instruction = text.decode(Long.parseUnsignedLong(fields[0], 16));
                if (!instruction.mnemonic().name().equalsIgnoreCase(fields[1])) {
                    throw new FastBridgeException(file + " lists " + fields[1] + " at "
                            + text.describe(instruction.address()) + ", but the kernel has " + instruction
                            + " there: the file is of another kernel build, delete it");
                }
                sites.add(instruction);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return sites;
    }

    /** Replaces the file, atomically, by a line per site. */
    static void write(Path file, Collection<Instruction> sites) {
        List<String> lines = new ArrayList<>();
        for (Instruction site : sites) {
            lines.add(String.format("%x %s", site.address(), site.mnemonic().name().toLowerCase(Locale.ROOT)));
        }
        Path temporary = null;
        try {
            // a name of its own: two runs at once must not write into one temporary file
            temporary = Files.createTempFile(file.toAbsolutePath().getParent(), file.getFileName() + ".", ".tmp");
            Files.write(temporary, lines, StandardCharsets.UTF_8);
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            deleteQuietly(temporary);
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** Removes a temporary file a failed write left; one that cannot be removed is left to the system. */
    static void deleteQuietly(Path temporary) {
        if (temporary != null) {
            try {
                Files.deleteIfExists(temporary);
            } catch (IOException e) {
                // nothing lost: the file it was to replace is unchanged
            }
        }
    }
}
