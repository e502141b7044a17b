package org.hybridbridge.x86.exec;


import java.util.List;

/** Oracle cases of BT, BTS, BTR, BTC, BSF, BSR, TZCNT, LZCNT, POPCNT and BSWAP. */
final class BitCases {

    private static final String[] TESTS = { "BT", "BTS", "BTR", "BTC" };
    /** Bit offsets into memory: negative ones and ones far beyond the operand address other words. */
    private static final long[] MEMORY_OFFSETS = { 0, 1, 7, 15, 16, 31, 32, 63, 64, 100, 1000, -1, -8, -33, -64, -1000 };
    /** The memory operand sits mid-area so offsets of +-1000 bits stay in the data area. */
    private static final int MEMORY = 0x400;

    private BitCases() {
    }

    static void addTo(List<Snippet> cases) {
        bitTests(cases);
        scans(cases);
        byteSwaps(cases);
    }

    private static void bitTests(List<Snippet> cases) {
        int i = 0;
        for (int op = 0; op < TESTS.length; op++) {
            for (int bits : Values.WIDE_SIZES) {
                for (long value : Values.someEdges(bits, 6)) {
                    for (int offset : new int[] { 0, 1, 5, 15, 16, 31, 32, 63, 64, 95, 200, -1 }) {
                        int dst = Values.register(i);
                        int src = Values.otherRegister(i, dst);
                        cases.add(new Snippet(TESTS[op] + " Ev,Gv " + bits + " reg",
                                new Insn(bits).op(0x0F, 0xA3 + 8 * op).reg(src).rm(dst).bytes())
                                .setLow(dst, bits, value).setLow(src, bits, offset).flags(Values.flags(i++)));
                        cases.add(new Snippet(TESTS[op] + " Ev,Ib " + bits + " reg",
                                new Insn(bits).op(0x0F, 0xBA).ext(4 + op).rm(dst).imm(offset, 1).bytes())
                                .setLow(dst, bits, value).flags(Values.flags(i++)));
                        cases.add(new Snippet(TESTS[op] + " Ev,Ib " + bits + " mem",
                                new Insn(bits).op(0x0F, 0xBA).ext(4 + op).mem(MEMORY).imm(offset, 1).bytes())
                                .store(MEMORY, value, bits / 8).flags(Values.flags(i++)));
                    }
                }
                for (long offset : MEMORY_OFFSETS) {
                    int src = Values.register(i);
                    Snippet snippet = new Snippet(TESTS[op] + " Ev,Gv " + bits + " mem",
                            new Insn(bits).op(0x0F, 0xA3 + 8 * op).reg(src).mem(MEMORY).bytes())
                            .setLow(src, bits, offset).flags(Values.flags(i++));
                    for (int b = MEMORY - 160; b < MEMORY + 160; b++) {
                        snippet.store(b, b * 0x9D, 1);
                    }
                    cases.add(snippet);
                }
            }
        }
    }

    private static void scans(List<Snippet> cases) {
        String[] names = { "BSF", "BSR", "TZCNT", "LZCNT", "POPCNT" };
        int[][] encodings = { { 0, 0xBC }, { 0, 0xBD }, { 0xF3, 0xBC }, { 0xF3, 0xBD }, { 0xF3, 0xB8 } };
        int i = 0;
        for (int n = 0; n < names.length; n++) {
            for (int bits : Values.WIDE_SIZES) {
                for (long value : Values.edges(bits)) {
                    for (long shifted : new long[] { value, value << 5, value >>> 3 }) {
                        int dst = Values.register(i);
                        int src = Values.otherRegister(i, dst);
                        Insn insn = new Insn(bits);
                        if (encodings[n][0] != 0) {
                            insn.prefix(encodings[n][0]);
                        }
                        cases.add(new Snippet(names[n] + " Gv,Ev " + bits + " reg",
                                insn.op(0x0F, encodings[n][1]).reg(dst).rm(src).bytes())
                                .setLow(src, bits, shifted).flags(Values.flags(i++)));
                    }
                    Insn insn = new Insn(bits);
                    if (encodings[n][0] != 0) {
                        insn.prefix(encodings[n][0]);
                    }
                    cases.add(new Snippet(names[n] + " Gv,Ev " + bits + " mem",
                            insn.op(0x0F, encodings[n][1]).reg(Values.register(i)).mem(0x20).bytes())
                            .store(0x20, value, bits / 8).flags(Values.flags(i++)));
                }
            }
        }
    }

    private static void byteSwaps(List<Snippet> cases) {
        int i = 0;
        for (int bits : Values.WIDE_SIZES) {
            for (long value : Values.edges(bits)) {
                int register = Values.register(i++);
                cases.add(new Snippet("BSWAP Zv " + bits, new Insn(bits).op(0x0F).opReg(0xC8, register).bytes())
                        .setLow(register, bits, value));
            }
        }
    }
}
