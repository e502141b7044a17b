package org.hybridbridge.internal.qemu.snapshot;

import java.io.IOException;

import org.hybridbridge.qemu.SnapshotManifest;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.TypeAdapter;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.JsonWriter;

/**
 * The manifest as JSON. Every 64-bit number (addresses, register values, sizes) is a hex
 * string such as {@code "0xffffffff81c00080"}: exact in every JSON reader, and readable.
 */
public final class SnapshotJson {

    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping()
            .registerTypeAdapter(Long.class, new HexLong()).registerTypeAdapter(long.class, new HexLong()).create();

    private SnapshotJson() {
    }

    public static String toJson(SnapshotManifest manifest) {
        return GSON.toJson(manifest);
    }

    public static SnapshotManifest fromJson(String json) {
        return GSON.fromJson(json, SnapshotManifest.class);
    }

    private static final class HexLong extends TypeAdapter<Long> {
        @Override
        public void write(JsonWriter out, Long value) throws IOException {
            if (value == null) {
                out.nullValue();
            } else {
                out.value("0x" + Long.toHexString(value));
            }
        }

        @Override
        public Long read(JsonReader in) throws IOException {
            if (in.peek() == JsonToken.NULL) {
                in.nextNull();
                return null;
            }
            if (in.peek() == JsonToken.NUMBER) {
                return in.nextLong();
            }
            String text = in.nextString();
            return text.startsWith("0x") ? Long.parseUnsignedLong(text.substring(2), 16) : Long.parseLong(text);
        }
    }
}
