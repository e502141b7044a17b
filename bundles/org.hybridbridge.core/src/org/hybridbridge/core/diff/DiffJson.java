package org.hybridbridge.core.diff;

import static org.hybridbridge.core.run.JsonObjects.object;

import java.util.List;
import java.util.Map;

import org.hybridbridge.model.SnapshotDiff;
import org.hybridbridge.model.UtilityDiff;

import com.google.gson.GsonBuilder;

/**
 * A {@link SnapshotDiff} as one JSON document ({@code hb diff --json}): {@code a}, {@code b},
 * {@code created}, {@code differingPages}, {@code pages} (per region: {@code region}, {@code label},
 * {@code compared}, {@code differing}), {@code globals} ({@code symbol}, {@code address} as hex,
 * {@code size}, {@code differingBytes}) and {@code objects} (per utility: {@code utility},
 * {@code error} if it could not be compared, {@code rows}: {@code change}, {@code key}, {@code a},
 * {@code b}). Guest text is kept as it is, JSON-escaped.
 */
public final class DiffJson {

    private DiffJson() {
    }

    public static String of(SnapshotDiff diff) {
        Map<String, Object> root = object();
        root.put("a", diff.getA());
        root.put("b", diff.getB());
        root.put("created", diff.getCreated());
        root.put("differingPages", SnapshotDiffer.differingPages(diff));
        root.put("pages", diff.getPages().stream().map(count -> object("region", count.getRegion().getName(), "label",
                count.getRegion().getLiteral(), "compared", count.getCompared(), "differing", count.getDiffering()))
                .toList());
        root.put("globals", diff.getGlobals().stream().map(global -> object("symbol", global.getSymbol(), "address",
                String.format("0x%x", global.getAddress()), "size", global.getSize(), "differingBytes",
                global.getDifferingBytes())).toList());
        root.put("objects", diff.getObjects().stream().map(DiffJson::utility).toList());
        return new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().serializeNulls().create().toJson(root);
    }

    private static Map<String, Object> utility(UtilityDiff utility) {
        Map<String, Object> object = object("utility", utility.getCommandLine());
        if (utility.getError() != null) {
            object.put("error", utility.getError());
        }
        List<Map<String, Object>> rows = utility.getRows().stream().map(row -> object("change",
                row.getChange().getName(), "key", row.getKey(), "a", row.getInA(), "b", row.getInB())).toList();
        object.put("rows", rows);
        return object;
    }
}
