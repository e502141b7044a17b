package org.hybridbridge.core.run;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** CSV as RFC 4180 writes it: what {@code hb metadata --csv}, the Taint table's export and {@code hb bench --csv} print. */
public final class Csv {

    private Csv() {
    }

    /** @return {@code cells} as one line, without its line break; a cell with a comma, quote or line break is quoted */
    public static String line(List<String> cells) {
        return String.join(",", cells.stream().map(Csv::quoted).toList());
    }

    /**
     * @return counts by name in one cell, {@code name=count} joined by {@code ;} (names such as
     *         exit causes hold spaces and commas, never {@code ;} or {@code =})
     */
    public static String counts(Map<String, Long> byName) {
        return byName.entrySet().stream().map(entry -> entry.getKey() + "=" + entry.getValue())
                .collect(Collectors.joining(";"));
    }

    private static String quoted(String cell) {
        if (cell.indexOf(',') < 0 && cell.indexOf('"') < 0 && cell.indexOf('\n') < 0) {
            return cell;
        }
        return '"' + cell.replace("\"", "\"\"") + '"';
    }
}
