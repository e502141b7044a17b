package org.hybridbridge.internal.qemu.snapshot;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import org.hybridbridge.qemu.GuestException;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

/**
 * Reads one device's state out of a QEMU migration stream (QEMU 7.x, format version 3), the
 * only place QEMU exposes every MSR of a vCPU (STAR, LSTAR, CSTAR, SFMASK, PAT ...): neither
 * QMP, the monitor nor the gdbstub report them. The stream is written with guest RAM left out
 * ({@code x-ignore-shared} over a shared memory backend), so it is small.
 *
 * <p>Device sections are walked with the JSON description QEMU appends to the stream (as
 * QEMU's own scripts/analyze-migration.py does): every field's name, size and array length.
 * The result maps field names ({@code env.lstar}, {@code env.segs[1].base} ...) to raw
 * big-endian bytes.
 */
public final class MigrationStream {

    private static final int MAGIC = 0x5145564d; // "QEVM"
    private static final int VERSION = 3;
    private static final int SECTION_START = 0x01;
    private static final int SECTION_PART = 0x02;
    private static final int SECTION_END = 0x03;
    private static final int SECTION_FULL = 0x04;
    private static final int SUBSECTION = 0x05;
    private static final int CONFIGURATION = 0x07;
    private static final int FOOTER = 0x7e;

    private static final long RAM_ZERO = 0x02;
    private static final long RAM_MEM_SIZE = 0x04;
    private static final long RAM_PAGE = 0x08;
    private static final long RAM_EOS = 0x10;
    private static final long RAM_CONTINUE = 0x20;
    private static final long RAM_FLAGS = 0xfff;
    private static final int PAGE_SIZE = 4096;

    private final ByteBuffer in;
    private final JsonArray devices;

    private MigrationStream(byte[] stream) {
        this.in = ByteBuffer.wrap(stream);
        this.devices = description(stream).getAsJsonArray("devices");
    }

    /** The fields of instance {@code instance} of the section named {@code device} (e.g. {@code cpu}, per vCPU). */
    public static Map<String, byte[]> fieldsOf(byte[] stream, String device, int instance) {
        try {
            return new MigrationStream(stream).find(device, instance);
        } catch (BufferUnderflowException | IllegalStateException | JsonParseException e) {
            throw new GuestException("cannot read QEMU's migration stream: " + e, e);
        }
    }

    /** The JSON description: after the last NUL byte of the stream, from its first brace. */
    private static JsonObject description(byte[] stream) {
        int nul = stream.length - 1;
        while (nul >= 0 && stream[nul] != 0) {
            nul--;
        }
        int brace = nul + 1;
        while (brace < stream.length && stream[brace] != '{') {
            brace++;
        }
        if (brace >= stream.length) {
            throw new GuestException("QEMU's migration stream carries no device description");
        }
        return JsonParser.parseString(new String(stream, brace, stream.length - brace, StandardCharsets.UTF_8))
                .getAsJsonObject();
    }

    private Map<String, byte[]> find(String device, int wanted) {
        if (in.getInt() != MAGIC || in.getInt() != VERSION) {
            throw new GuestException("not a QEMU migration stream of version " + VERSION);
        }
        while (in.hasRemaining()) {
            int type = in.get() & 0xff;
            switch (type) {
                case CONFIGURATION -> skipConfiguration();
                case SECTION_START, SECTION_FULL -> {
                    in.getInt(); // section id
                    String name = string();
                    int instance = in.getInt();
                    in.getInt(); // version
                    if (name.equals("ram")) {
                        skipRam();
                    } else {
                        Map<String, byte[]> fields = new LinkedHashMap<>();
                        readFields(deviceDescription(name, instance), "", fields);
                        if (name.equals(device) && instance == wanted) {
                            return fields;
                        }
                    }
                    skipFooter();
                }
                case SECTION_PART, SECTION_END -> {
                    in.getInt(); // section id: only RAM is iterative here
                    skipRam();
                    skipFooter();
                }
                default -> throw new GuestException(
                        "unexpected section type " + type + " at offset " + (in.position() - 1));
            }
        }
        throw new GuestException("QEMU's migration stream has no section " + device);
    }

    /** The machine type, then subsections of which only the capabilities one is ever sent here. */
    private void skipConfiguration() {
        int nameLength = in.getInt();
        in.position(in.position() + nameLength);
        while (peek() == SUBSECTION) {
            in.get();
            String name = string();
            in.getInt(); // version
            if (!name.equals("configuration/capabilities")) {
                throw new GuestException("unexpected configuration subsection " + name);
            }
            for (int count = in.getInt(); count > 0; count--) {
                string();
            }
        }
    }

    private void skipRam() {
        while (true) {
            long header = in.getLong();
            long flags = header & RAM_FLAGS;
            if ((flags & RAM_MEM_SIZE) != 0) {
                long total = header & ~RAM_FLAGS;
                while (total > 0) {
                    string(); // block name
                    total -= in.getLong();
                    in.getLong(); // the block's guest address, sent because of x-ignore-shared
                }
            }
            if ((flags & (RAM_PAGE | RAM_ZERO)) != 0 && (flags & RAM_CONTINUE) == 0) {
                string(); // block name
            }
            if ((flags & RAM_ZERO) != 0) {
                in.get();
            } else if ((flags & RAM_PAGE) != 0) {
                in.position(in.position() + PAGE_SIZE);
            }
            if ((flags & RAM_EOS) != 0) {
                return;
            }
        }
    }

    private void skipFooter() {
        if (peek() == FOOTER) {
            in.get();
            in.getInt();
        }
    }

    private JsonObject deviceDescription(String name, int instance) {
        for (JsonElement element : devices) {
            JsonObject device = element.getAsJsonObject();
            if (device.get("name").getAsString().equals(name) && device.get("instance_id").getAsInt() == instance) {
                return device;
            }
        }
        throw new GuestException("the migration stream does not describe section " + name);
    }

    private void readFields(JsonObject description, String prefix, Map<String, byte[]> fields) {
        if (description.has("fields")) {
            for (JsonElement element : description.getAsJsonArray("fields")) {
                readField(element.getAsJsonObject(), prefix, fields);
            }
        }
        // A subsection that this description does not list belongs to an enclosing one.
        for (JsonObject subsection = nextSubsection(description); subsection != null;
                subsection = nextSubsection(description)) {
            in.get();
            string();
            in.getInt(); // version
            readFields(subsection, prefix, fields);
        }
    }

    /** The description of the subsection that comes next if {@code description} lists it, else null. */
    private JsonObject nextSubsection(JsonObject description) {
        if (peek() != SUBSECTION || !description.has("subsections")) {
            return null;
        }
        int length = in.get(in.position() + 1) & 0xff;
        byte[] name = new byte[length];
        in.get(in.position() + 2, name);
        String wanted = new String(name, StandardCharsets.US_ASCII);
        for (JsonElement element : description.getAsJsonArray("subsections")) {
            if (element.getAsJsonObject().get("vmsd_name").getAsString().equals(wanted)) {
                return element.getAsJsonObject();
            }
        }
        return null;
    }

    private void readField(JsonObject field, String prefix, Map<String, byte[]> fields) {
        String name = prefix + field.get("name").getAsString();
        boolean array = field.has("array_len");
        int count = array ? field.get("array_len").getAsInt() : 1;
        for (int i = 0; i < count; i++) {
            String element = array ? name + "[" + i + "]" : name;
            if (field.get("type").getAsString().equals("struct")) {
                readFields(field.getAsJsonObject("struct"), element + ".", fields);
            } else {
                byte[] value = new byte[field.get("size").getAsInt()];
                in.get(value);
                fields.put(element, value);
            }
        }
    }

    private int peek() {
        return in.hasRemaining() ? in.get(in.position()) & 0xff : -1;
    }

    private String string() {
        byte[] bytes = new byte[in.get() & 0xff];
        in.get(bytes);
        return new String(bytes, StandardCharsets.US_ASCII);
    }
}
