package org.hybridbridge.x86;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A section of a little-endian ELF64 file, read straight from the section headers: enough to
 * hand the decoder the bytes of {@code .text} at their link-time address.
 *
 * @param address the section's virtual address
 * @param bytes   its contents
 */
record ElfSection(long address, byte[] bytes) {

    static ElfSection read(Path elf, String name) throws IOException {
        ByteBuffer file = ByteBuffer.wrap(Files.readAllBytes(elf)).order(ByteOrder.LITTLE_ENDIAN);
        if (file.getInt(0) != 0x464C457F || file.get(4) != 2 || file.get(5) != 1) {
            throw new IOException(elf + " is not a little-endian ELF64 file");
        }
        long headersOffset = file.getLong(0x28);
        int headerSize = file.getShort(0x3A) & 0xFFFF;
        int count = file.getShort(0x3C) & 0xFFFF;
        int namesIndex = file.getShort(0x3E) & 0xFFFF;
        long namesOffset = file.getLong((int) (headersOffset + (long) namesIndex * headerSize) + 0x18);
        for (int i = 0; i < count; i++) {
            int header = (int) (headersOffset + (long) i * headerSize);
            if (name.equals(nameAt(file, (int) (namesOffset + file.getInt(header))))) {
                long address = file.getLong(header + 0x10);
                int offset = (int) file.getLong(header + 0x18);
                int size = (int) file.getLong(header + 0x20);
                byte[] bytes = new byte[size];
                file.get(offset, bytes);
                return new ElfSection(address, bytes);
            }
        }
        throw new IOException(elf + " has no section " + name);
    }

    private static String nameAt(ByteBuffer file, int offset) {
        int end = offset;
        while (file.get(end) != 0) {
            end++;
        }
        byte[] name = new byte[end - offset];
        file.get(offset, name);
        return new String(name, StandardCharsets.US_ASCII);
    }
}
