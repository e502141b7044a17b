package org.hybridbridge.core.diff;

import static org.hybridbridge.core.run.JsonObjects.object;

import java.util.List;
import java.util.Map;

import com.google.gson.GsonBuilder;

/**
 * A {@link SnapshotDiff} as one JSON document ({@code hb diff --json}): {@code a}, {@code b},
 * {@code differingPages}, {@code pages} (per region: {@code region}, {@code label},
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
        root.put("a", diff.a().toString());
        root.put("b", diff.b().toString());
        root.put("differingPages", diff.differingPages());
        root.put("pages", diff.pages().stream().map(count -> object("region", count.region().name(), "label",
                count.region().label(), "compared", count.compared(), "differing", count.differing())).toList());
        root.put("globals", diff.globals().stream().map(global -> object("symbol", global.symbol(), "address",
                String.format("0x%x", global.address()), "size", global.size(), "differingBytes",
                global.differingBytes())).toList());
        root.put("objects", diff.objects().stream().map(DiffJson::utility).toList());
        return new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().serializeNulls().create().toJson(root);
    }

    private static Map<String, Object> utility(SnapshotDiff.UtilityDiff utility) {
        Map<String, Object> object = object("utility", utility.commandLine());
        if (utility.error() != null) {
            object.put("error", utility.error());
        }
        List<Map<String, Object>> rows = utility.rows().stream().map(row -> object("change", row.change().name(),
                "key", row.key(), "a", row.inA(), "b", row.inB())).toList();
        object.put("rows", rows);
        return object;
    }
}
