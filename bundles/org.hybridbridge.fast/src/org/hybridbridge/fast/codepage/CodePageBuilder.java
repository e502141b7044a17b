package org.hybridbridge.fast.codepage;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.NavigableSet;
import java.util.Set;
import java.util.function.LongFunction;

import org.hybridbridge.taint.metadata.InstructionRecord;
import org.hybridbridge.taint.metadata.KernelMetadata;
import org.hybridbridge.x86.Access;
import org.hybridbridge.x86.DecodeException;
import org.hybridbridge.x86.Decoder;
import org.hybridbridge.x86.Instruction;
import org.hybridbridge.x86.MemoryOperand;
import org.hybridbridge.x86.Operand;
import org.hybridbridge.x86.Register;

/**
 * Builds the NR and R copies of kernel text pages from the meta-data (DESIGN.md 3.4), the one
 * builder behind Fast-Bridge's code pages, {@code hb codepages} and the Code pages view. Pure: it
 * reads text through {@link TextBytes} and changes nothing.
 * <p>
 * <b>Boundaries</b> come from the decoder: decoding starts at the function start (a kernel symbol)
 * at or below the page and goes on linearly; every symbol is a known instruction start, so an
 * instruction that would run across one, or bytes the decoder cannot read, make a {@code (bad)}
 * line up to it, never patched. An instruction that crosses the page's end belongs to this page
 * (its first byte is here); one that starts on the page before is listed first, its patch in that
 * page's copies. Each patch is one {@code int3} on an instruction's first byte, so it never
 * leaves the page.
 * <p>
 * <b>Patches.</b> NR copy: {@code int3} on each R, MIXED or unknown instruction (an instruction
 * that accesses memory with no record). R copy: {@code int3} on each unknown instruction and each
 * NR instruction that may touch SVM kernel memory other than the current kernel stack. The
 * meta-data does not record where an NR instruction's accesses went (a record says NR, not
 * "stack", "user" or "SVM heap"), so the closest definition is taken from the instruction
 * itself: an NR instruction is left alone in the R copy only when all its accesses are to the
 * stack: pushes, pops, calls, returns and operands based on {@code %rsp}. {@code %rbp} does not
 * count: this kernel has no frame pointer (ORC unwinder) and uses it as a general register
 * ({@code mov 0x0(%rbp),%rax} in {@code __task_pid_nr_ns} is R). An NR access to user memory is
 * patched too: one view switch more, never a wrong answer.
 */
public final class CodePageBuilder {

    /**
     * The version of the rules above: a page built under other rules is not this builder's (a
     * cache of built pages keeps it beside the pages, {@link #inputsKey}). Raise it with any change
     * to what a copy holds.
     */
    public static final int RULES = 1;
    static final byte INT3 = (byte) 0xCC;
    private static final int MAX_INSTRUCTION_LENGTH = 15;
    private static final HexFormat HEX = HexFormat.of();

    private final TextBytes text;
    private final NavigableSet<Long> functionStarts;
    private final LongFunction<String> symbols;
    private final KernelMetadata metadata;

    /**
     * @param text           the kernel's text
     * @param functionStarts the addresses of the kernel's text symbols (unsigned order)
     * @param symbols        {@code function+0xoffset} of an address, {@code null} where no symbol covers it
     * @param metadata       what the runs have learned of this kernel build
     */
    public CodePageBuilder(TextBytes text, NavigableSet<Long> functionStarts, LongFunction<String> symbols,
            KernelMetadata metadata) {
        this.text = text;
        this.functionStarts = functionStarts;
        this.symbols = symbols;
        this.metadata = metadata;
    }

    /** @return a builder of the same text from {@code grown}, the meta-data after a fallback learned more */
    public CodePageBuilder with(KernelMetadata grown) {
        return new CodePageBuilder(text, functionStarts, symbols, grown);
    }

    /**
     * @return a digest of everything the copies of {@code page} depend on: the text this builder
     *         decodes for it (from the function start at or below it), the records of that span
     *         with their classes, and {@link #RULES}. Two builds with the same key are the same.
     */
    public long inputsKey(long page) {
        long base = decodingStart(page);
        byte[] code = text.read(base, (int) (page - base) + CodePage.SIZE + MAX_INSTRUCTION_LENGTH);
        Collection<InstructionRecord> span = metadata.between(base, page + CodePage.SIZE);
        ByteBuffer records = ByteBuffer.allocate(20 + 9 * span.size());
        records.putInt(RULES).putLong(page).putLong(base);
        for (InstructionRecord record : span) {
            records.putLong(record.address()).put((byte) record.accessClass().ordinal());
        }
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(records.array());
            return ByteBuffer.wrap(digest.digest(code)).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    /** @return where decoding for {@code page} starts: the function start at or below it, else the page */
    private long decodingStart(long page) {
        Long floor = functionStarts.floor(page);
        return floor == null ? page : floor;
    }

    /**
     * @return the page at {@code page} (4 KiB aligned) with its copies; meta-data that does not fit
     *         the text (a record where no instruction starts, or of other bytes) is an
     *         {@link IllegalArgumentException}: it describes another kernel build
     */
    public CodePage build(long page) {
        if (CodePage.pageOf(page) != page) {
            throw new IllegalArgumentException(String.format("%#x is not the address of a page", page));
        }
        long base = decodingStart(page);
        int pageStart = (int) (page - base);
        int pageEnd = pageStart + CodePage.SIZE;
        byte[] code = text.read(base, pageEnd + MAX_INSTRUCTION_LENGTH);
        byte[] nr = new byte[CodePage.SIZE];
        System.arraycopy(code, pageStart, nr, 0, CodePage.SIZE);
        byte[] original = nr.clone();
        byte[] r = nr.clone();
        List<CodeLine> lines = new ArrayList<>();
        for (int at = 0; at < pageEnd;) {
            Long nextStart = functionStarts.higher(base + at);
            int stop = nextStart == null ? pageEnd : (int) Math.min(nextStart - base, pageEnd);
            Instruction instruction = decode(code, at, base + at);
            CodeLine line;
            if (instruction == null || (nextStart != null && instruction.nextAddress() - nextStart > 0)) {
                long address = base + at;
                line = new CodeLine(address, () -> name(address), slice(code, at, stop), () -> "(bad)",
                        CodeClass.NO_ACCESS, false, false);
            } else {
                line = line(instruction);
            }
            if (line.end() - page > 0) {
                lines.add(line);
                if (line.address() - page >= 0) {
                    patch(nr, line.patchedInNr(), line.address() - page);
                    patch(r, line.patchedInR(), line.address() - page);
                }
            }
            at += line.bytes().length;
        }
        checkRecordsFit(page, lines);
        return new CodePage(page, original, nr, r, lines);
    }

    private CodeLine line(Instruction instruction) {
        long address = instruction.address();
        InstructionRecord record = metadata.find(address);
        CodeClass codeClass = record != null ? CodeClass.of(record.accessClass())
                : instruction.accessesMemory() ? CodeClass.UNKNOWN : CodeClass.NO_ACCESS;
        boolean inNr = codeClass == CodeClass.R || codeClass == CodeClass.MIXED || codeClass == CodeClass.UNKNOWN;
        boolean inR = codeClass == CodeClass.UNKNOWN || (codeClass == CodeClass.NR && !touchesOnlyTheStack(instruction));
        return new CodeLine(address, () -> name(address), instruction.bytes(), instruction::toString, codeClass, inNr,
                inR);
    }

    /** Whether every access it makes is to the stack: pushes and pops, operands based on {@code %rsp}. */
    static boolean touchesOnlyTheStack(Instruction instruction) {
        for (Operand operand : instruction.operands()) {
            if (operand instanceof MemoryOperand memory && memory.access() != Access.ADDRESS
                    && (memory.base() == null || memory.base().fullRegister() != Register.RSP
                            || memory.isGsRelative())) {
                return false;
            }
        }
        return true;
    }

    /** Every record on the page must be an instruction the decoder found there, of the same bytes. */
    private void checkRecordsFit(long page, List<CodeLine> lines) {
        Set<Long> starts = new HashSet<>();
        for (CodeLine line : lines) {
            starts.add(line.address());
            InstructionRecord record = metadata.find(line.address());
            if (record != null && !record.bytes().equals(HEX.formatHex(line.bytes()))) {
                throw new IllegalArgumentException(String.format(
                        "the meta-data's record at %#x <%s> is of bytes %s, the kernel text there is %s: "
                                + "meta-data of another kernel build",
                        line.address(), line.symbol(), record.bytes(), HEX.formatHex(line.bytes())));
            }
        }
        for (InstructionRecord record : metadata.between(page, page + CodePage.SIZE)) {
            if (!starts.contains(record.address())) {
                throw new IllegalArgumentException(String.format(
                        "the meta-data records an instruction at %#x <%s> where the kernel text decodes none: "
                                + "meta-data of another kernel build",
                        record.address(), record.symbol()));
            }
        }
    }

    private static Instruction decode(byte[] code, int at, long address) {
        try {
            return Decoder.decode(code, at, address);
        } catch (DecodeException e) {
            return null;
        }
    }

    private String name(long address) {
        String symbol = symbols.apply(address);
        return symbol != null ? symbol : String.format("%#x", address);
    }

    private static byte[] slice(byte[] code, int from, int to) {
        byte[] bytes = new byte[to - from];
        System.arraycopy(code, from, bytes, 0, bytes.length);
        return bytes;
    }

    private static void patch(byte[] copy, boolean patched, long offset) {
        if (patched) {
            copy[(int) offset] = INT3;
        }
    }
}
