package org.hybridbridge.x86.oracle;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A statically linked x86-64 ELF executable as {@code execve} sees it: the program headers, the
 * {@code PT_LOAD} segments and the entry point. A static-PIE ({@code ET_DYN}) is placed at
 * {@link #PIE_BASE}, where Linux puts it with address randomisation off; it relocates itself.
 *
 * @param entry         the entry point, load bias applied
 * @param programHeaders where the program headers lie in memory ({@code AT_PHDR})
 * @param headerCount   their number ({@code AT_PHNUM})
 * @param segments      the {@code PT_LOAD} segments in file order
 */
record StaticElf(long entry, long programHeaders, int headerCount, List<Segment> segments) {

    /** {@code ELF_ET_DYN_BASE} of x86-64 Linux: 2/3 of the 47-bit user space, page-aligned. */
    static final long PIE_BASE = 0x5555_5555_4000L;
    /** Size of one program header ({@code AT_PHENT}). */
    static final int PROGRAM_HEADER_SIZE = 56;

    private static final int ET_EXEC = 2, ET_DYN = 3, EM_X86_64 = 62;
    private static final int PT_LOAD = 1, PT_INTERP = 3, PT_PHDR = 6;

    /**
     * @param address where the segment starts in memory
     * @param contents its bytes in the file ({@code p_filesz})
     * @param memorySize its size in memory; the rest is zero ({@code .bss})
     */
    record Segment(long address, byte[] contents, long memorySize) {

        long end() {
            return address + memorySize;
        }
    }

    static StaticElf read(Path file) throws IOException {
        ByteBuffer elf = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        if (elf.getInt(0) != 0x464C457F || elf.get(4) != 2 || elf.get(5) != 1 || elf.getShort(0x12) != EM_X86_64) {
            throw new IOException(file + " is not a little-endian x86-64 ELF64 file");
        }
        int type = elf.getShort(0x10);
        if (type != ET_EXEC && type != ET_DYN) {
            throw new IOException(file + " is not an executable (e_type " + type + ")");
        }
        long bias = type == ET_DYN ? PIE_BASE : 0;
        long headerOffset = elf.getLong(0x20);
        int headerSize = elf.getShort(0x36) & 0xFFFF;
        int count = elf.getShort(0x38) & 0xFFFF;
        List<Segment> segments = new ArrayList<>();
        long programHeaders = -1;
        for (int i = 0; i < count; i++) {
            int header = Math.toIntExact(headerOffset + (long) i * headerSize);
            int kind = elf.getInt(header);
            long offset = elf.getLong(header + 0x08);
            long address = elf.getLong(header + 0x10) + bias;
            if (kind == PT_INTERP) {
                throw new IOException(file + " is dynamically linked; the oracle loads static executables only");
            } else if (kind == PT_PHDR) {
                programHeaders = address;
            } else if (kind == PT_LOAD) {
                byte[] contents = new byte[Math.toIntExact(elf.getLong(header + 0x20))];
                elf.get(Math.toIntExact(offset), contents);
                segments.add(new Segment(address, contents, elf.getLong(header + 0x28)));
                if (programHeaders < 0 && offset <= headerOffset && headerOffset < offset + contents.length) {
                    // no PT_PHDR (static non-PIE): the headers are in the first segment, as binfmt_elf computes
                    programHeaders = address + headerOffset - offset;
                }
            }
        }
        if (segments.isEmpty() || programHeaders < 0) {
            throw new IOException(file + " has no loadable segment holding its program headers");
        }
        return new StaticElf(elf.getLong(0x18) + bias, programHeaders, count, List.copyOf(segments));
    }

    /** @return the end of the highest segment: where the heap ({@code brk}) starts, page-aligned up */
    long programBreak() {
        long end = segments.stream().mapToLong(Segment::end).max().orElseThrow();
        return Pages.roundUp(end);
    }
}
