package org.hybridbridge.taint.syscall;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * How each system call of the inspection utility is run: the table of {@code
 * x86_64-syscalls.txt} (its header documents the format and the classes), or a file in the
 * same format that replaces it.
 */
public final class SyscallTable {

    private static final String DEFAULT_RESOURCE = "x86_64-syscalls.txt";
    private static final String RETURNS_FD = "returns-fd";

    private final Map<Integer, Syscall> byNumber;

    private SyscallTable(Map<Integer, Syscall> byNumber) {
        this.byNumber = Collections.unmodifiableMap(byNumber);
    }

    /** @return the table shipped with Hybrid-Bridge */
    public static SyscallTable defaults() {
        try (InputStream in = SyscallTable.class.getResourceAsStream(DEFAULT_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(DEFAULT_RESOURCE + " is missing from the taint bundle");
            }
            return parse(new InputStreamReader(in, StandardCharsets.UTF_8), DEFAULT_RESOURCE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads a table from {@code file}; a malformed line is an {@link IllegalArgumentException} naming it. */
    public static SyscallTable load(Path file) {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return parse(reader, file.toString());
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read syscall table " + file + ": " + e.getMessage(), e);
        }
    }

    /** Parses the table format; {@code source} names the input in error messages. */
    public static SyscallTable parse(Reader text, String source) throws IOException {
        Map<Integer, Syscall> rows = new TreeMap<>();
        BufferedReader lines = new BufferedReader(text);
        int lineNumber = 0;
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
            lineNumber++;
            String content = line.replaceFirst("#.*", "").strip();
            if (!content.isEmpty()) {
                Syscall syscall = parseRow(content.split("\\s+"), source + ":" + lineNumber);
                if (rows.putIfAbsent(syscall.number(), syscall) != null) {
                    throw new IllegalArgumentException(source + ":" + lineNumber + ": syscall " + syscall.number()
                            + " is listed twice");
                }
            }
        }
        return new SyscallTable(rows);
    }

    private static Syscall parseRow(String[] fields, String where) {
        if (fields.length < 3 || fields.length > 4 || (fields.length == 4 && !fields[3].equals(RETURNS_FD))) {
            throw new IllegalArgumentException(where + ": expected NUMBER NAME CLASS [" + RETURNS_FD + "]");
        }
        int number;
        try {
            number = Integer.parseInt(fields[0]);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(where + ": '" + fields[0] + "' is not a syscall number", e);
        }
        SyscallClass kind = SyscallClass.parse(fields[2])
                .orElseThrow(() -> new IllegalArgumentException(where + ": unknown class '" + fields[2] + "'"));
        return new Syscall(number, fields[1], kind, fields.length == 4);
    }

    /** @return the row of syscall {@code number}, if the table lists it */
    public Optional<Syscall> find(long number) {
        return number < 0 || number > Integer.MAX_VALUE ? Optional.empty()
                : Optional.ofNullable(byNumber.get((int) number));
    }

    /** @return all rows, by number */
    public Collection<Syscall> syscalls() {
        return byNumber.values();
    }
}
