package org.hybridbridge.core.metadata;

import java.io.IOException;
import java.io.Writer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.hybridbridge.core.run.Csv;
import org.hybridbridge.progress.ProgressListener;
import org.hybridbridge.taint.metadata.InstructionRecord;
import org.hybridbridge.taint.metadata.SourceNames;

import com.google.gson.GsonBuilder;

/**
 * Meta-data records as CSV (one header line, then one line per record, RFC 4180 quoting) or as
 * a JSON array, the forms {@code hb metadata} and the Taint table's export write.
 */
public final class MetadataExport {

    /** The columns, in the Taint table's order. */
    public static final List<String> COLUMNS = List.of("address", "symbol", "bytes", "text", "class", "executions",
            "syscalls", "utilities", "taintSource");

    private static final int PROGRESS_EVERY = 10_000;

    private MetadataExport() {
    }

    /** Writes {@code records} as CSV, reporting one unit per record and stopping when cancelled. */
    public static void csv(List<InstructionRecord> records, Writer out, ProgressListener progress) throws IOException {
        progress.beginTask("Exporting " + records.size() + " records", records.size());
        out.write(String.join(",", COLUMNS) + "\n");
        for (int i = 0; i < records.size(); i++) {
            if (i % PROGRESS_EVERY == 0 && progress.isCancelled()) {
                return;
            }
            List<String> fields = cells(records.get(i));
            out.write(Csv.line(fields) + "\n");
            progress.worked(1);
        }
    }

    /** Writes {@code records} as one JSON array of objects named by {@link #COLUMNS}. */
    public static void json(List<InstructionRecord> records, Writer out) {
        List<Map<String, Object>> objects = records.stream().map(MetadataExport::object).toList();
        new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().serializeNulls().create().toJson(objects, out);
    }

    /** @return the record's cells as text, in {@link #COLUMNS} order (sets joined by spaces; no source is empty) */
    public static List<String> cells(InstructionRecord r) {
        return List.of(address(r), r.symbol(), r.bytes(), r.text(), r.accessClass().name(),
                Long.toString(r.executions()), String.join(" ", r.syscalls()), String.join(" ", r.utilities()),
                SourceNames.join(r.taintSources()));
    }

    public static String address(InstructionRecord r) {
        return "0x" + Long.toHexString(r.address());
    }

    private static Map<String, Object> object(InstructionRecord r) {
        Map<String, Object> object = new LinkedHashMap<>();
        object.put("address", address(r));
        object.put("symbol", r.symbol());
        object.put("bytes", r.bytes());
        object.put("text", r.text());
        object.put("class", r.accessClass().name());
        object.put("executions", r.executions());
        object.put("syscalls", r.syscalls());
        object.put("utilities", r.utilities());
        object.put("taintSource", r.taintSourceText());
        return object;
    }
}
