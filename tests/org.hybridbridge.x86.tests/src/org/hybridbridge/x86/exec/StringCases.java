package org.hybridbridge.x86.exec;

import java.util.List;

import org.hybridbridge.kvm.NativeCodeRunner;

/**
 * Oracle cases of MOVS, STOS, LODS, CMPS and SCAS: every element size, without and with REP,
 * REPE and REPNE, both directions, 64- and 32-bit addresses (garbage above ECX/ESI/EDI),
 * overlapping moves, and runs that fault part-way at the end of mapped memory.
 */
final class StringCases {

    private static final String[] NAMES = { "MOVS", "CMPS", "STOS", "LODS", "SCAS" };
    private static final int[] OPCODES = { 0xA4, 0xA6, 0xAA, 0xAC, 0xAE };
    private static final int SOURCE = 0x100, DESTINATION = 0x1200, BACKWARD_SOURCE = 0x1000,
            BACKWARD_DESTINATION = 0x2000;
    /** Where CMPS and SCAS find the first element that breaks the run. */
    private static final int BREAK = 5;
    private static final long FILL = 0x5A5A_5A5A_5A5A_5A5AL;
    private static final int MAX_COUNT = 300;
    /** The stack starts here; the strings stay below. */
    private static final int STACK_AREA = (int) (Snippet.STACK_TOP - Snippet.DATA) - 0x100;

    private StringCases() {
    }

    static void addTo(List<Snippet> cases) {
        for (int n = 0; n < NAMES.length; n++) {
            for (int size : new int[] { 1, 2, 4, 8 }) {
                for (int rep : new int[] { 0, 0xF3, 0xF2 }) {
                    for (boolean backward : new boolean[] { false, true }) {
                        for (boolean shortAddress : new boolean[] { false, true }) {
                            for (long count : rep == 0 ? new long[] { 3 } : new long[] { 0, 1, 7, MAX_COUNT }) {
                                addString(cases, n, size, rep, backward, shortAddress, count);
                            }
                        }
                    }
                }
            }
        }
        overlapping(cases);
        faulting(cases);
    }

    private static void addString(List<Snippet> cases, int n, int size, int rep, boolean backward,
            boolean shortAddress, long count) {
        String form = NAMES[n] + " " + size * 8 + (rep == 0xF3 ? " rep" : rep == 0xF2 ? " repne" : "")
                + (backward ? " std" : "") + (shortAddress ? " a32" : "");
        for (int variant = 0; variant < (n == 1 || n == 4 ? 2 : 1); variant++) {
            Snippet snippet = new Snippet(form, encode(n, size, rep, shortAddress));
            long garbage = shortAddress ? 0xDEAD_BEEF_0000_0000L : 0;
            snippet.set(Insn.RSI, garbage | Snippet.DATA + (backward ? BACKWARD_SOURCE : SOURCE))
                    .set(Insn.RDI, garbage | Snippet.DATA + (backward ? BACKWARD_DESTINATION : DESTINATION))
                    .set(Insn.RCX, garbage | count).set(Insn.RAX, FILL)
                    .flags(backward ? CpuState.DF : 0);
            fill(snippet, n, size, backward, variant == 0);
            cases.add(snippet);
        }
    }

    private static byte[] encode(int n, int size, int rep, boolean shortAddress) {
        Insn insn = new Insn(size == 1 ? 8 : size * 8);
        if (rep != 0) {
            insn.prefix(rep);
        }
        if (shortAddress) {
            insn.prefix(0x67);
        }
        return insn.op(OPCODES[n] + (size == 1 ? 0 : 1)).bytes();
    }

    /**
     * The area holds a byte pattern; the destination's elements then equal what CMPS compares
     * them with (the source's) or SCAS does ({@link #FILL}'s), except element {@link #BREAK}
     * ({@code mostlyEqual}), or only there.
     */
    private static void fill(Snippet snippet, int n, int size, boolean backward, boolean mostlyEqual) {
        for (int at = 0; at < STACK_AREA; at++) {
            snippet.store(at, pattern(at), 1);
        }
        int source = backward ? BACKWARD_SOURCE : SOURCE;
        int destination = backward ? BACKWARD_DESTINATION : DESTINATION;
        int step = backward ? -size : size;
        for (int element = 0; element < MAX_COUNT; element++) {
            boolean differs = (element == BREAK) == mostlyEqual;
            for (int b = 0; b < size; b++) {
                long expected = n == 1 ? pattern(source + element * step + b) : FILL & 0xFF;
                snippet.store(destination + element * step + b, differs ? ~expected : expected, 1);
            }
        }
    }

    private static long pattern(int offset) {
        return offset * 7 + 3;
    }

    private static void overlapping(List<Snippet> cases) {
        for (int size : new int[] { 1, 2, 4, 8 }) {
            for (int distance : new int[] { 1, 3, 8, 16, 64 }) {
                Snippet snippet = new Snippet("MOVS " + size * 8 + " rep overlapping", encode(0, size, 0xF3, false))
                        .set(Insn.RSI, Snippet.DATA + SOURCE).set(Insn.RDI, Snippet.DATA + SOURCE + distance)
                        .set(Insn.RCX, 200);
                for (int i = 0; i < 2000; i++) {
                    snippet.store(SOURCE + i, i * 13 + 1, 1);
                }
                cases.add(snippet);
            }
        }
        Snippet page = new Snippet("MOVS 8 rep 4 KiB", encode(0, 1, 0xF3, false)).set(Insn.RSI, Snippet.DATA + 0x10)
                .set(Insn.RDI, Snippet.DATA + 0x1013).set(Insn.RCX, 4096);
        for (int i = 0; i < 4096; i++) {
            page.store(0x10 + i, i * 31 + 7, 1);
        }
        cases.add(page);
    }

    /** Runs into unmapped memory: #PF with RCX, RSI and RDI counting the elements done. */
    private static void faulting(List<Snippet> cases) {
        long end = NativeCodeRunner.MAPPED_BYTES;
        for (int size : new int[] { 1, 2, 4, 8 }) {
            cases.add(new Snippet("STOS " + size * 8 + " rep faulting", encode(2, size, 0xF3, false))
                    .set(Insn.RDI, end - 10).set(Insn.RCX, 100).set(Insn.RAX, FILL));
            cases.add(new Snippet("MOVS " + size * 8 + " rep faulting source", encode(0, size, 0xF3, false))
                    .set(Insn.RSI, end - 20).set(Insn.RDI, Snippet.DATA + DESTINATION).set(Insn.RCX, 50));
            cases.add(new Snippet("LODS " + size * 8 + " rep faulting", encode(3, size, 0xF3, false))
                    .set(Insn.RSI, end - 12).set(Insn.RCX, 50));
            for (long flags : new long[] { 0, CpuState.STATUS_FLAGS, CpuState.ZF | CpuState.CF }) {
                cases.add(new Snippet("SCAS " + size * 8 + " repne faulting", encode(4, size, 0xF2, false))
                        .set(Insn.RDI, end - 12).set(Insn.RCX, 50).set(Insn.RAX, -1).flags(flags));
                Snippet compare = new Snippet("CMPS " + size * 8 + " repne faulting", encode(1, size, 0xF2, false))
                        .set(Insn.RSI, end - 12).set(Insn.RDI, Snippet.DATA + DESTINATION).set(Insn.RCX, 50)
                        .flags(flags);
                for (int i = 0; i < 64; i++) {
                    compare.store(DESTINATION + i, 0xFF, 1);
                }
                cases.add(compare);
            }
        }
    }
}
