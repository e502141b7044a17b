package org.hybridbridge.x86;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The oracle: GNU objdump's disassembly of an ELF section, one line per instruction. Addresses
 * objdump annotates with a symbol ({@code 401020 <memcpy+0x10>}) are rewritten to the form it
 * uses where it has no symbol ({@code 0x401020}), because the decoder knows no symbols.
 */
final class ObjdumpListing {

    /** One instruction line: its address and objdump's text. */
    record Line(long address, String text) {
    }

    private static final Path OBJDUMP = Path.of("/usr/bin/objdump");
    private static final Pattern INSTRUCTION = Pattern.compile("^\\s*([0-9a-f]+):\\t(.*)$");
    private static final Pattern SYMBOL = Pattern.compile("\\b([0-9a-f]+) <[^>]*>");

    private ObjdumpListing() {
    }

    static boolean isAvailable() {
        return Files.isExecutable(OBJDUMP);
    }

    static List<Line> disassemble(Path elf, String section) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(OBJDUMP.toString(), "-d", "--no-show-raw-insn", "-M", "att", "-j",
                section, elf.toString()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        List<Line> lines = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                Matcher matcher = INSTRUCTION.matcher(line);
                if (matcher.matches()) {
                    String text = SYMBOL.matcher(matcher.group(2)).replaceAll("0x$1").stripTrailing();
                    lines.add(new Line(Long.parseUnsignedLong(matcher.group(1), 16), text));
                }
            }
        }
        if (process.waitFor() != 0) {
            throw new IOException("objdump failed on " + elf);
        }
        return lines;
    }
}
