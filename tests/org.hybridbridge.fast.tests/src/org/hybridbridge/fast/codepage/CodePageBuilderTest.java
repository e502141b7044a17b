package org.hybridbridge.fast.codepage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.hybridbridge.taint.metadata.AccessClass;
import org.hybridbridge.taint.metadata.InstructionRecord;
import org.hybridbridge.taint.metadata.KernelMetadata;
import org.junit.jupiter.api.Test;

/**
 * The builder on a hand-made page: each case is bytes plus AT&T text at a place the test chose,
 * and the patches each copy must have are worked out here by hand from DESIGN.md 3.4's rules.
 */
class CodePageBuilderTest {

    private static final long PAGE = 0xffffffff81234000L;
    /** The test's text starts this far before the page: function a begins there. */
    private static final int BEFORE = 16;

    private final byte[] text = new byte[BEFORE + CodePage.SIZE + 32];
    private final TreeMap<Long, String> functions = new TreeMap<>(Long::compareUnsigned);
    private final KernelMetadata metadata = new KernelMetadata("Linux version test\n");

    CodePageBuilderTest() {
        Arrays.fill(text, (byte) 0x90);
        functions.put(PAGE - BEFORE, "a");
        put(-16, "0f1f440000"); // nopl 0x0(%rax,%rax,1)
        put(-11, "55"); // push %rbp
        put(-10, "4889e5"); // mov %rsp,%rbp
        put(-7, "909090");
        put(-4, "65488b3c2580fb0100"); // mov %gs:0x1fb80,%rdi, R: starts on the page before, ends on this one
        record(-4, "65488b3c2580fb0100", AccessClass.R);
        put(5, "488b07"); // mov (%rdi),%rax
        record(5, "488b07", AccessClass.R);
        put(8, "4889442408"); // mov %rax,0x8(%rsp): NR, the stack only
        record(8, "4889442408", AccessClass.NR);
        put(13, "488902"); // mov %rax,(%rdx): NR, memory of the SVM's kernel
        record(13, "488902", AccessClass.NR);
        put(16, "488b0e"); // mov (%rsi),%rcx: no record
        put(19, "488d0424"); // lea (%rsp),%rax: no access
        put(23, "5d"); // pop %rbp: NR
        record(23, "5d", AccessClass.NR);
        put(24, "8b10"); // mov (%rax),%edx: MIXED
        record(24, "8b10", AccessClass.MIXED);
        put(26, "c3"); // ret: no record
        put(27, "cccccccccc");
        functions.put(PAGE + 32, "b");
        put(32, "c5f877"); // vzeroupper: VEX, which the decoder does not read
        functions.put(PAGE + 48, "c");
        put(48, "b801"); // b8 01 90 90 90: a mov $imm32,%eax that would run across d's start
        functions.put(PAGE + 50, "d");
        put(4094, "488b07"); // mov (%rdi),%rax: no record, its last byte on the next page
    }

    private void put(int offset, String hex) {
        byte[] bytes = HexFormat.of().parseHex(hex);
        System.arraycopy(bytes, 0, text, BEFORE + offset, bytes.length);
    }

    private void record(int offset, String hex, AccessClass accessClass) {
        metadata.record(new InstructionRecord(PAGE + offset, "test", hex, "test", accessClass, 1, Set.of("getpid"),
                Set.of("getpid"), accessClass == AccessClass.NR ? List.of() : List.of("current_task+0x0")));
    }

    private CodePage build() {
        TextBytes bytes = (address, length) -> Arrays.copyOfRange(text, (int) (address - PAGE + BEFORE),
                (int) (address - PAGE + BEFORE) + length);
        return new CodePageBuilder(bytes, new TreeSet<>(functions.keySet()), address -> {
            Map.Entry<Long, String> floor = functions.floorEntry(address);
            return String.format("%s+0x%x", floor.getValue(), address - floor.getKey());
        }, metadata).build(PAGE);
    }

    private static List<Integer> patchedOffsets(byte[] original, byte[] copy) {
        List<Integer> offsets = new ArrayList<>();
        for (int i = 0; i < copy.length; i++) {
            if (copy[i] != original[i]) {
                assertEquals(CodePageBuilder.INT3, copy[i], "a patch is int3");
                offsets.add(i);
            }
        }
        return offsets;
    }

    @Test
    void theNrCopyTrapsOnRMixedAndUnknownAccessesOnly() {
        CodePage page = build();
        assertArrayEquals(Arrays.copyOfRange(text, BEFORE, BEFORE + CodePage.SIZE), page.original());
        // R at 5, unknown at 16, MIXED at 24, unknown ret at 26, unknown at 4094; R at -4 is the page before's
        assertEquals(List.of(5, 16, 24, 26, 4094), patchedOffsets(page.original(), page.nr()));
    }

    @Test
    void theRCopyTrapsOnUnknownAndOnNrAccessesBeyondTheStack() {
        CodePage page = build();
        // NR through %rdx at 13, the unknown ones at 16, 26 and 4094; NR through %rsp (8) and pop (23) left alone
        assertEquals(List.of(13, 16, 26, 4094), patchedOffsets(page.original(), page.r()));
    }

    @Test
    void linesAlignTheInstructionsFromTheOneAcrossTheStartToTheOneAcrossTheEnd() {
        List<CodeLine> lines = build().lines();
        CodeLine first = lines.get(0);
        assertEquals(PAGE - 4, first.address());
        assertEquals("mov %gs:0x1fb80,%rdi", first.text().replaceAll("\\s+", " "));
        assertEquals("a+0xc", first.symbol());
        assertTrue(first.patchedInNr(), "its patch is in the page before's NR copy");
        CodeLine last = lines.get(lines.size() - 1);
        assertEquals(PAGE + 4094, last.address());
        assertEquals(3, last.bytes().length, "all its bytes, the next page's one included");
        assertEquals(CodeClass.UNKNOWN, last.codeClass());

        CodeLine lea = line(lines, 19);
        assertEquals(CodeClass.NO_ACCESS, lea.codeClass());
        assertEquals(List.of(CodeClass.R, CodeClass.NR, CodeClass.NR, CodeClass.UNKNOWN, CodeClass.NR,
                CodeClass.MIXED, CodeClass.UNKNOWN),
                List.of(5, 8, 13, 16, 23, 24, 26).stream().map(offset -> line(lines, offset).codeClass()).toList());
    }

    @Test
    void bytesTheDecoderCannotReadOrThatRunAcrossASymbolAreABadLineUpToTheNextSymbol() {
        List<CodeLine> lines = build().lines();
        CodeLine vex = line(lines, 32);
        assertEquals("(bad)", vex.text());
        assertEquals(16, vex.bytes().length);
        CodeLine across = line(lines, 48);
        assertEquals("(bad)", across.text());
        assertEquals(2, across.bytes().length);
        assertEquals("nop", line(lines, 50).text(), "decoding starts again at d");
    }

    @Test
    void aRecordOfOtherBytesIsMetadataOfAnotherBuild() {
        record(16, "4889c0", AccessClass.NR);
        assertThrows(IllegalArgumentException.class, this::build);
    }

    @Test
    void aRecordWhereNoInstructionStartsIsRefused() {
        record(6, "8b07", AccessClass.R);
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, this::build);
        assertTrue(refused.getMessage().contains(String.format("%#x", PAGE + 6)), refused.getMessage());
    }

    private static CodeLine line(List<CodeLine> lines, int offset) {
        return lines.stream().filter(line -> line.address() == PAGE + offset).findFirst().orElseThrow();
    }
}
