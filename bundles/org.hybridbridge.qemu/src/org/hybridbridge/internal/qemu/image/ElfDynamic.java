package org.hybridbridge.internal.qemu.image;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a dynamically linked x86-64 ELF file asks of the loader: its interpreter
 * ({@code PT_INTERP}) and the shared libraries it needs ({@code DT_NEEDED}), read from its
 * program headers as {@code ld.so} reads them. A static program needs nothing.
 *
 * @param interpreter e.g. {@code /lib64/ld-linux-x86-64.so.2}
 * @param needed      sonames in the order of the dynamic section, e.g. {@code libc.so.6}
 */
public record ElfDynamic(Optional<String> interpreter, List<String> needed) {

    private static final int PT_LOAD = 1, PT_DYNAMIC = 2, PT_INTERP = 3;
    private static final long DT_NULL = 0, DT_NEEDED = 1, DT_STRTAB = 5;

    /** Whether {@code file} starts with the ELF magic. */
    public static boolean isElf(Path file) throws IOException {
        byte[] head = new byte[4];
        try (var in = Files.newInputStream(file)) {
            return in.read(head) == 4 && head[0] == 0x7F && head[1] == 'E' && head[2] == 'L' && head[3] == 'F';
        }
    }

    /** Reads {@code file}, a 64-bit little-endian ELF executable or shared object. */
    public static ElfDynamic read(Path file) throws IOException {
        ByteBuffer elf = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        if (elf.limit() < 64 || elf.getInt(0) != 0x464C457F || elf.get(4) != 2 || elf.get(5) != 1) {
            throw new IOException(file + " is not a 64-bit little-endian ELF file");
        }
        long programHeaders = elf.getLong(0x20);
        int entrySize = elf.getShort(0x36) & 0xFFFF;
        int count = elf.getShort(0x38) & 0xFFFF;
        List<long[]> loads = new ArrayList<>(); // {vaddr, offset, filesz}
        Optional<String> interpreter = Optional.empty();
        long dynamicOffset = -1;
        for (int i = 0; i < count; i++) {
            int header = Math.toIntExact(programHeaders + (long) i * entrySize);
            int type = elf.getInt(header);
            long offset = elf.getLong(header + 0x08);
            if (type == PT_LOAD) {
                loads.add(new long[] { elf.getLong(header + 0x10), offset, elf.getLong(header + 0x20) });
            } else if (type == PT_INTERP) {
                interpreter = Optional.of(string(elf, Math.toIntExact(offset)));
            } else if (type == PT_DYNAMIC) {
                dynamicOffset = offset;
            }
        }
        if (dynamicOffset < 0) {
            return new ElfDynamic(interpreter, List.of());
        }
        List<Long> neededOffsets = new ArrayList<>();
        long stringTable = -1;
        for (int entry = Math.toIntExact(dynamicOffset);; entry += 16) {
            long tag = elf.getLong(entry);
            if (tag == DT_NULL) {
                break;
            }
            if (tag == DT_NEEDED) {
                neededOffsets.add(elf.getLong(entry + 8));
            } else if (tag == DT_STRTAB) {
                stringTable = fileOffset(loads, elf.getLong(entry + 8), file);
            }
        }
        List<String> needed = new ArrayList<>();
        for (long name : neededOffsets) {
            needed.add(string(elf, Math.toIntExact(stringTable + name)));
        }
        return new ElfDynamic(interpreter, needed);
    }

    /** The file offset of virtual address {@code address}: DT_STRTAB is an address, not an offset. */
    private static long fileOffset(List<long[]> loads, long address, Path file) throws IOException {
        for (long[] load : loads) {
            if (address >= load[0] && address < load[0] + load[2]) {
                return address - load[0] + load[1];
            }
        }
        throw new IOException(file + ": its string table at 0x" + Long.toHexString(address) + " is in no segment");
    }

    private static String string(ByteBuffer elf, int offset) {
        int end = offset;
        while (elf.get(end) != 0) {
            end++;
        }
        return new String(elf.array(), offset, end - offset, StandardCharsets.US_ASCII);
    }
}
