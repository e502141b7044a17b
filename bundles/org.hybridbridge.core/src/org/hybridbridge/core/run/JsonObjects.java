package org.hybridbridge.core.run;

import java.util.LinkedHashMap;
import java.util.Map;

/** JSON objects built as ordered maps, keys in the order written: the documents hb prints. */
public final class JsonObjects {

    private JsonObjects() {
    }

    /** @return an object of alternating keys (strings) and values */
    public static Map<String, Object> object(Object... keysAndValues) {
        Map<String, Object> object = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            object.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return object;
    }
}
