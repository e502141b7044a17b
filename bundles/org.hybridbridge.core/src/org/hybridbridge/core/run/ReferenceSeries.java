package org.hybridbridge.core.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Figures of exits per utility from elsewhere (a paper's #VMExit column, another machine's
 * bench) to chart beside this project's: a CSV of a header, then {@code utility,exits} per line
 * (what {@code hb bench slow --csv} can be cut down to). Named after its file.
 *
 * @param name            the series' name in a chart's legend
 * @param exitsByUtility  exits per utility command line, in the file's order
 */
public record ReferenceSeries(String name, Map<String, Double> exitsByUtility) {

    public ReferenceSeries {
        exitsByUtility = Collections.unmodifiableMap(new LinkedHashMap<>(exitsByUtility));
    }

    /** Reads {@code file}; a line that is not {@code utility,number} is an error naming it, in one line. */
    public static ReferenceSeries read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        Map<String, Double> exits = new LinkedHashMap<>();
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty()) {
                continue;
            }
            String[] cells = line.split(",", -1);
            try {
                if (cells.length != 2 || cells[0].isBlank()) {
                    throw new NumberFormatException();
                }
                exits.put(cells[0].strip(), Double.parseDouble(cells[1].strip()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(file + ":" + (i + 1) + ": not 'utility,exits': "
                        + ControlCharacters.escaped(line));
            }
        }
        if (exits.isEmpty()) {
            throw new IllegalArgumentException(file + ": no 'utility,exits' line after the header");
        }
        return new ReferenceSeries(file.getFileName().toString().replaceFirst("\\.csv$", ""), exits);
    }
}
