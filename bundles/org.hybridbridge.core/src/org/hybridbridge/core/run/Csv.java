package org.hybridbridge.core.run;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** CSV as RFC 4180 writes it: what {@code hb metadata --csv}, the Taint table's export and {@code hb bench --csv} print. */
public final class Csv {

    private Csv() {
    }

    /** Prints a header of {@code columns}, then a line per row. */
    public static void print(PrintWriter out, List<String> columns, List<List<String>> rows) {
        out.println(line(columns));
        rows.forEach(row -> out.println(line(row)));
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

    /** @return a row of {@code columns.size()} cells: {@code first}, empty cells, and {@code why} last */
    public static List<String> failure(List<String> columns, String first, String why) {
        List<String> cells = new ArrayList<>(Collections.nCopies(columns.size(), ""));
        cells.set(0, first);
        cells.set(columns.size() - 1, why);
        return cells;
    }

    private static String quoted(String cell) {
        if (cell.indexOf(',') < 0 && cell.indexOf('"') < 0 && cell.indexOf('\n') < 0) {
            return cell;
        }
        return '"' + cell.replace("\"", "\"\"") + '"';
    }
}
