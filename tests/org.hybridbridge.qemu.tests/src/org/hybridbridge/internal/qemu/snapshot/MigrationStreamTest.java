package org.hybridbridge.internal.qemu.snapshot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.hybridbridge.qemu.GuestException;
import org.junit.jupiter.api.Test;

/** A stream shaped like QEMU 7.2's: configuration, a RAM section, two device sections, the JSON description. */
class MigrationStreamTest {

    private static final String DESCRIPTION = """
            {"page_size": 4096, "devices": [
             {"name": "timer", "instance_id": 0, "fields": [{"name": "a", "type": "int64", "size": 8}]},
             {"name": "cpu", "instance_id": 0, "fields": [
               {"name": "x", "array_len": 2, "type": "uint64", "size": 8},
               {"name": "s", "type": "struct", "size": 4,
                "struct": {"vmsd_name": "s", "fields": [{"name": "y", "type": "uint32", "size": 4}]}}],
              "subsections": [{"vmsd_name": "cpu/sub", "fields": [{"name": "z", "type": "uint16", "size": 2}]}]}]}""";

    private static byte[] stream() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes); // big-endian, as QEMU writes
        out.writeInt(0x5145564d);
        out.writeInt(3);
        out.writeByte(0x07);
        out.writeInt(2);
        out.writeBytes("pc");
        out.writeByte(0x05);
        string(out, "configuration/capabilities");
        out.writeInt(1);
        out.writeInt(1);
        string(out, "x-ignore-shared");
        section(out, 0x01, 1, "ram");
        out.writeLong(0x1000 | 0x04); // MEM_SIZE: one block of 4 KiB
        string(out, "pc.ram");
        out.writeLong(0x1000);
        out.writeLong(0); // its address (x-ignore-shared)
        out.writeLong(0x10); // EOS
        footer(out, 1);
        section(out, 0x03, 1, null);
        out.writeLong(0x0 | 0x08); // a page of pc.ram
        string(out, "pc.ram");
        out.write(new byte[4096]);
        out.writeLong(0x1000 | 0x02 | 0x20); // a zero page, same block
        out.writeByte(0);
        out.writeLong(0x10);
        footer(out, 1);
        section(out, 0x04, 2, "timer");
        out.writeLong(-1);
        footer(out, 2);
        section(out, 0x04, 3, "cpu");
        out.writeLong(0x1122334455667788L);
        out.writeLong(2);
        out.writeInt(0xcafe);
        out.writeByte(0x05);
        string(out, "cpu/sub");
        out.writeInt(1);
        out.writeShort(7);
        footer(out, 3);
        out.writeByte(0x08);
        out.writeByte(0x06);
        byte[] json = DESCRIPTION.getBytes(StandardCharsets.UTF_8);
        out.writeInt(json.length);
        out.write(json);
        return bytes.toByteArray();
    }

    private static void section(DataOutputStream out, int type, int id, String name) throws IOException {
        out.writeByte(type);
        out.writeInt(id);
        if (name != null) {
            string(out, name);
            out.writeInt(0);
            out.writeInt(1);
        }
    }

    private static void footer(DataOutputStream out, int id) throws IOException {
        out.writeByte(0x7e);
        out.writeInt(id);
    }

    private static void string(DataOutputStream out, String text) throws IOException {
        out.writeByte(text.length());
        out.writeBytes(text);
    }

    @Test
    void fieldsOfTheNamedSectionAreReadPastRamAndOtherDevices() throws IOException {
        Map<String, byte[]> cpu = MigrationStream.fieldsOf(stream(), "cpu", 0);

        assertEquals(List.of("x[0]", "x[1]", "s.y", "z"), List.copyOf(cpu.keySet()));
        assertArrayEquals(new byte[] { 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, (byte) 0x88 }, cpu.get("x[0]"));
        assertArrayEquals(new byte[] { 0, 0, (byte) 0xca, (byte) 0xfe }, cpu.get("s.y"));
        assertArrayEquals(new byte[] { 0, 7 }, cpu.get("z"));
    }

    @Test
    void aMissingSectionOrAForeignFileIsAOneLineError() throws IOException {
        assertThrows(GuestException.class, () -> MigrationStream.fieldsOf(stream(), "apic", 0));
        assertThrows(GuestException.class,
                () -> MigrationStream.fieldsOf("{\"devices\": []}".getBytes(StandardCharsets.UTF_8), "cpu", 0));
    }
}
