package org.hybridbridge.x86.exec;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;

/** The guests' kernel symbols, from the cached kernel profile's {@code kallsyms} (empty if none). */
final class KernelSymbols {

    static final Path PROFILES = Path.of(System.getProperty("user.home"), ".cache/hybridbridge/profiles");

    private final TreeMap<Long, String> text = new TreeMap<>();
    private final Map<String, Long> byName = new HashMap<>();

    private KernelSymbols() {
    }

    static KernelSymbols load() throws IOException {
        KernelSymbols symbols = new KernelSymbols();
        if (!Files.isDirectory(PROFILES)) {
            return symbols;
        }
        try (DirectoryStream<Path> profiles = Files.newDirectoryStream(PROFILES)) {
            for (Path profile : profiles) {
                Path kallsyms = profile.resolve("kallsyms");
                if (Files.isReadable(kallsyms)) {
                    for (String line : Files.readAllLines(kallsyms)) {
                        symbols.add(line.split("\\s+"));
                    }
                    break;
                }
            }
        }
        return symbols;
    }

    private void add(String[] words) {
        if (words.length < 3) {
            return;
        }
        long address = Long.parseUnsignedLong(words[0], 16);
        byName.putIfAbsent(words[2], address);
        if ("Tt".indexOf(words[1].charAt(0)) >= 0) {
            text.putIfAbsent(address, words[2]);
        }
    }

    boolean isEmpty() {
        return byName.isEmpty();
    }

    OptionalLong address(String name) {
        Long address = byName.get(name);
        return address == null ? OptionalLong.empty() : OptionalLong.of(address);
    }

    /** @return {@code "function+0x1a"} for a text address, or {@code null} */
    String symbolize(long address) {
        Map.Entry<Long, String> entry = text.floorEntry(address);
        if (entry == null || address - entry.getKey() > 0x10_0000) {
            return null;
        }
        long offset = address - entry.getKey();
        return offset == 0 ? entry.getValue() : entry.getValue() + "+0x" + Long.toHexString(offset);
    }
}
