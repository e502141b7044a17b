package org.hybridbridge.taint.metadata;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The string form of a set of taint sources, one for stores, exports, traces and what hb and the
 * views show: their names ({@code symbol+offset}, or an address in hex, neither of which holds
 * the separator) joined with {@code ", "} in the order the run met them. One source reads as its
 * name alone, as it did when a record or a label kept one source.
 */
public final class SourceNames {

    private static final String SEPARATOR = ", ";
    /** Compiled once: {@link String#split} compiles a separator of two characters at every call (per record read). */
    private static final Pattern SEPARATOR_PATTERN = Pattern.compile(SEPARATOR, Pattern.LITERAL);

    private SourceNames() {
    }

    /** @return {@code names} joined, {@code ""} for none */
    public static String join(List<String> names) {
        return String.join(SEPARATOR, names);
    }

    /** @return the names in {@code text}, a {@link #join} ({@code null} or empty: none) */
    public static List<String> split(String text) {
        return text == null || text.isEmpty() ? List.of() : List.of(SEPARATOR_PATTERN.split(text));
    }
}
