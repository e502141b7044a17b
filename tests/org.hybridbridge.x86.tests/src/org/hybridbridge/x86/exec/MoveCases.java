package org.hybridbridge.x86.exec;

import static org.hybridbridge.x86.exec.CpuState.STATUS_FLAGS;

import java.util.List;

/**
 * Oracle cases of MOV (register, memory, immediate, moffs), MOVZX, MOVSX,
 * MOVSXD, MOVBE, LEA, XCHG, XADD, CMPXCHG, CMPXCHG8B/16B, the rAX sign extensions, SETcc,
 * CMOVcc, LAHF/SAHF, the flag instructions and NOPs.
 */
final class MoveCases {

    private static final int MEMORY = 0x100;
    /** The operand of CMPXCHG8B/16B: 16-byte aligned, reachable with an 8-bit displacement. */
    private static final int PAIR = 0x40;

    private MoveCases() {
    }

    static void addTo(List<Snippet> cases) {
        moves(cases);
        extensions(cases);
        lea(cases);
        exchanges(cases);
        compareExchanges(cases);
        conditionals(cases);
        flagInstructions(cases);
    }

    private static void moves(List<Snippet> cases) {
        int i = 0;
        for (int bits : Values.SIZES) {
            int byteForm = bits == 8 ? 0 : 1;
            for (long value : Values.someEdges(bits, 6)) {
                int dst = Values.register(i);
                int src = Values.otherRegister(i++, dst);
                cases.add(new Snippet("MOV Ev,Gv " + bits + " reg", new Insn(bits).op(0x88 + byteForm).reg(src).rm(dst)
                        .bytes()).setLow(src, bits, value));
                cases.add(new Snippet("MOV Ev,Gv " + bits + " mem", new Insn(bits).op(0x88 + byteForm).reg(src)
                        .mem(MEMORY).bytes()).setLow(src, bits, value));
                cases.add(new Snippet("MOV Gv,Ev " + bits + " mem", new Insn(bits).op(0x8A + byteForm).reg(dst)
                        .mem(MEMORY).bytes()).store(MEMORY, value, 8));
                int immediateBytes = Math.min(bits, 32) / 8;
                cases.add(new Snippet("MOV Ev,Iz " + bits + " reg", new Insn(bits).op(0xC6 + byteForm).ext(0).rm(dst)
                        .imm(value, immediateBytes).bytes()));
                cases.add(new Snippet("MOV Ev,Iz " + bits + " mem", new Insn(bits).op(0xC6 + byteForm).ext(0)
                        .mem(-0x20).imm(value, immediateBytes).bytes()).set(Insn.RBX, Snippet.DATA + 0x200));
                cases.add(new Snippet("MOV Zv,Iv " + bits, new Insn(bits).opReg(bits == 8 ? 0xB0 : 0xB8, dst)
                        .imm(value, bits / 8).bytes()));
                // moffs: A0-A3 with a 64-bit absolute address
                cases.add(new Snippet("MOV rAX,Ov " + bits, new Insn(bits).op(0xA0 + byteForm)
                        .imm(Snippet.DATA + MEMORY, 8).bytes()).store(MEMORY, value, 8));
                cases.add(new Snippet("MOV Ov,rAX " + bits, new Insn(bits).op(0xA2 + byteForm)
                        .imm(Snippet.DATA + MEMORY + 3, 8).bytes()).setLow(Insn.RAX, bits, value));
            }
            cases.add(new Snippet("MOV rAX,Ov a32 " + bits, new Insn(bits).prefix(0x67).op(0xA0 + byteForm)
                    .imm(Snippet.DATA + MEMORY + 1, 4).bytes()).store(MEMORY, 0x1122_3344_5566_7788L, 8)
                    .store(MEMORY + 8, -1, 8));
            cases.add(new Snippet("MOV Ev,Iz 64 sign-extended", new Insn(64).op(0xC7).ext(0).rm(Insn.RSI)
                    .imm(0x8000_0001L, 4).bytes()));
        }
        cases.add(new Snippet("MOV Eb,Gb high bytes", Insn.raw(0x88, 0xE1), Insn.raw(0x8A, 0xF1),
                Insn.raw(0x88, 0x63, 0x10)));
    }

    private static void extensions(List<Snippet> cases) {
        int i = 0;
        for (int bits : Values.WIDE_SIZES) {
            for (int from : new int[] { 8, 16 }) {
                if (from >= bits) {
                    continue;
                }
                for (long value : Values.edges(from)) {
                    int dst = Values.register(i);
                    int src = Values.otherRegister(i++, dst);
                    int opcode = from == 8 ? 0xB6 : 0xB7;
                    cases.add(new Snippet("MOVZX Gv,E" + from + " " + bits, new Insn(bits).op(0x0F, opcode).reg(dst)
                            .rm(src).bytes()).setLow(src, from, value));
                    cases.add(new Snippet("MOVSX Gv,E" + from + " " + bits, new Insn(bits).op(0x0F, opcode + 8).reg(dst)
                            .rm(src).bytes()).setLow(src, from, value));
                    cases.add(new Snippet("MOVSX Gv,E" + from + " " + bits + " mem", new Insn(bits).op(0x0F, opcode + 8)
                            .reg(dst).mem(MEMORY).bytes()).store(MEMORY, value, 2));
                }
            }
            for (long value : Values.edges(32)) {
                int dst = Values.register(i);
                int src = Values.otherRegister(i++, dst);
                cases.add(new Snippet("MOVSXD Gv,Ed " + bits, new Insn(bits).op(0x63).reg(dst).rm(src).bytes())
                        .setLow(src, 32, value));
                cases.add(new Snippet("MOVBE Gv,Mv " + bits, new Insn(bits).op(0x0F, 0x38, 0xF0).reg(dst)
                        .mem(MEMORY).bytes()).store(MEMORY, value * 0x1_0000_0001L, 8));
                cases.add(new Snippet("MOVBE Mv,Gv " + bits, new Insn(bits).op(0x0F, 0x38, 0xF1).reg(src)
                        .mem(MEMORY).bytes()).set(src, value * 0x1_0000_0001L));
            }
        }
        for (int bits : Values.WIDE_SIZES) {
            for (long value : Values.someEdges(bits, 6)) {
                byte[] code = bits == 16 ? Insn.raw(0x66, 0x98) : bits == 32 ? Insn.raw(0x98) : Insn.raw(0x48, 0x98);
                byte[] toDx = bits == 16 ? Insn.raw(0x66, 0x99) : bits == 32 ? Insn.raw(0x99) : Insn.raw(0x48, 0x99);
                String[] names = bits == 16 ? new String[] { "CBW", "CWD" }
                        : bits == 32 ? new String[] { "CWDE", "CDQ" } : new String[] { "CDQE", "CQO" };
                cases.add(new Snippet(names[0], code).setLow(Insn.RAX, bits, value));
                cases.add(new Snippet(names[1], toDx).setLow(Insn.RAX, bits, value));
            }
        }
    }

    /** LEA with base, index, scale and displacement, 66 and 67 prefixes, RIP-relative. */
    private static void lea(List<Snippet> cases) {
        long[] bases = { 0, 1, -1, 0x7FFF_FFFF, 0xFFFF_FFFFL, 0x8000_0000_0000_0000L, 0x1234_5678_9ABC_DEF0L };
        int i = 0;
        for (long base : bases) {
            for (long index : bases) {
                for (int scaleBits = 0; scaleBits < 4; scaleBits++) {
                    for (int[] sizes : new int[][] { { 64, 64 }, { 32, 64 }, { 16, 64 }, { 64, 32 }, { 32, 32 } }) {
                        Insn insn = new Insn(sizes[0]);
                        if (sizes[1] == 32) {
                            insn.prefix(0x67);
                        }
                        int dst = Values.register(i++);
                        // lea dst, [rsi + rdi*scale + 0x12345678]
                        cases.add(new Snippet("LEA Gv,M " + sizes[0] + " a" + sizes[1],
                                insn.op(0x8D).reg(dst).modRm(0x84 | (dst & 7) << 3, scaleBits << 6 | Insn.RDI << 3 | Insn.RSI,
                                        0x78, 0x56, 0x34, 0x12).bytes())
                                .set(Insn.RSI, base).set(Insn.RDI, index));
                    }
                }
            }
        }
        // lea rax, [rip + 0x100]; with an FS override the segment is still ignored
        cases.add(new Snippet("LEA Gv,M rip", Insn.raw(0x48, 0x8D, 0x05, 0x00, 0x01, 0x00, 0x00)));
        cases.add(new Snippet("LEA Gv,M fs", Insn.raw(0x64, 0x48, 0x8D, 0x43, 0x10)));
    }

    private static void exchanges(List<Snippet> cases) {
        int i = 0;
        for (int bits : Values.SIZES) {
            int byteForm = bits == 8 ? 0 : 1;
            for (long a : Values.someEdges(bits, 4)) {
                for (long b : Values.someEdges(bits, 4)) {
                    int dst = Values.register(i);
                    int src = Values.otherRegister(i, dst);
                    cases.add(new Snippet("XCHG Ev,Gv " + bits + " reg", new Insn(bits).op(0x86 + byteForm).reg(src)
                            .rm(dst).bytes()).setLow(dst, bits, a).setLow(src, bits, b));
                    cases.add(new Snippet("XCHG Ev,Gv " + bits + " mem", new Insn(bits).op(0x86 + byteForm).reg(src)
                            .mem(MEMORY).bytes()).store(MEMORY, a, 8).setLow(src, bits, b));
                    cases.add(new Snippet("XADD Ev,Gv " + bits + " reg", new Insn(bits).op(0x0F, 0xC0 + byteForm)
                            .reg(src).rm(dst).bytes()).setLow(dst, bits, a).setLow(src, bits, b)
                            .flags(Values.flags(i)));
                    cases.add(new Snippet("XADD Ev,Gv " + bits + " mem", new Insn(bits).prefix(0xF0)
                            .op(0x0F, 0xC0 + byteForm).reg(src).mem(MEMORY).bytes()).store(MEMORY, a, 8)
                            .setLow(src, bits, b).flags(Values.flags(i++)));
                    if (bits > 8) {
                        cases.add(new Snippet("XCHG Zv,rAX " + bits, new Insn(bits).opReg(0x90, src).bytes())
                                .setLow(Insn.RAX, bits, a).setLow(src, bits, b));
                    }
                }
            }
            cases.add(new Snippet("XADD Ev,Gv " + bits + " same register", new Insn(bits).op(0x0F, 0xC0 + byteForm)
                    .reg(Insn.RSI).rm(Insn.RSI).bytes()));
        }
        cases.add(new Snippet("XCHG eax,eax", Insn.raw(0x87, 0xC0)));
        cases.add(new Snippet("NOP forms", Insn.raw(0x90), Insn.raw(0x66, 0x90), Insn.raw(0x0F, 0x1F, 0x44, 0x00, 0x00),
                Insn.raw(0xF3, 0x90), Insn.raw(0x0F, 0x1F, 0x80, 0, 0, 0, 0x80)).flags(STATUS_FLAGS));
    }

    private static void compareExchanges(List<Snippet> cases) {
        int i = 0;
        for (int bits : Values.SIZES) {
            int byteForm = bits == 8 ? 0 : 1;
            for (long current : Values.someEdges(bits, 5)) {
                for (long expected : new long[] { current, current ^ 1, ~current }) {
                    int src = Values.otherRegister(i, Insn.RAX);
                    int dst = src == Insn.RCX ? Insn.RDI : Insn.RCX;
                    cases.add(new Snippet("CMPXCHG Ev,Gv " + bits + " reg", new Insn(bits).op(0x0F, 0xB0 + byteForm)
                            .reg(src).rm(dst).bytes()).setLow(dst, bits, current).setLow(Insn.RAX, bits, expected)
                            .flags(Values.flags(i++)));
                    cases.add(new Snippet("CMPXCHG Ev,Gv " + bits + " mem", new Insn(bits).prefix(0xF0)
                            .op(0x0F, 0xB0 + byteForm).reg(src).mem(MEMORY).bytes()).store(MEMORY, current, 8)
                            .setLow(Insn.RAX, bits, expected).flags(Values.flags(i++)));
                }
            }
        }
        for (boolean equal : new boolean[] { true, false }) {
            long low = 0x1111_2222_3333_4444L;
            long high = 0x5555_6666_7777_8888L;
            cases.add(new Snippet("CMPXCHG8B Mq " + (equal ? "equal" : "different"),
                    Insn.raw(0xF0, 0x0F, 0xC7, 0x4B, PAIR)).store(PAIR, low, 8)
                    .set(Insn.RAX, equal ? low | 0xABCD_0000_0000_0000L : low + 1).set(Insn.RDX, low >>> 32)
                    .flags(STATUS_FLAGS));
            cases.add(new Snippet("CMPXCHG16B Mdq " + (equal ? "equal" : "different"),
                    Insn.raw(0xF0, 0x48, 0x0F, 0xC7, 0x4B, PAIR)).store(PAIR, low, 8).store(PAIR + 8, high, 8)
                    .set(Insn.RAX, low).set(Insn.RDX, equal ? high : high - 1));
        }
        cases.add(new Snippet("CMPXCHG16B Mdq misaligned", Insn.raw(0x48, 0x0F, 0xC7, 0x4B, PAIR + 8)));
    }

    private static void conditionals(List<Snippet> cases) {
        int i = 0;
        for (long flags : Values.conditionPatterns()) {
            for (int cc = 0; cc < 16; cc++) {
                int dst = Values.register(i++);
                int src = Values.otherRegister(i, dst);
                cases.add(new Snippet("SETcc Eb reg", new Insn(8).op(0x0F, 0x90 + cc).ext(0).rm(dst).bytes())
                        .flags(flags));
                cases.add(new Snippet("SETcc Eb mem", new Insn(8).op(0x0F, 0x90 + cc).ext(0).mem(MEMORY).bytes())
                        .flags(flags));
                for (int bits : Values.WIDE_SIZES) {
                    cases.add(new Snippet("CMOVcc Gv,Ev " + bits + " reg", new Insn(bits).op(0x0F, 0x40 + cc).reg(dst)
                            .rm(src).bytes()).flags(flags));
                }
                cases.add(new Snippet("CMOVcc Gv,Ev 32 mem", new Insn(32).op(0x0F, 0x40 + cc).reg(dst).mem(MEMORY)
                        .bytes()).store(MEMORY, 0x8765_4321_0FED_CBA9L, 8).flags(flags));
            }
        }
    }

    private static void flagInstructions(List<Snippet> cases) {
        String[] names = { "CLC", "STC", "CMC", "CLD", "STD", "LAHF", "SAHF" };
        int[] opcodes = { 0xF8, 0xF9, 0xF5, 0xFC, 0xFD, 0x9F, 0x9E };
        for (int n = 0; n < names.length; n++) {
            for (long flags : new long[] { 0, STATUS_FLAGS, CpuState.CF | CpuState.ZF, STATUS_FLAGS | CpuState.DF }) {
                for (long ah : new long[] { 0, 0xFF, 0xD5, 0x2A }) {
                    cases.add(new Snippet(names[n], Insn.raw(opcodes[n])).flags(flags).set(Insn.RAX, ah << 8 | 0x77));
                }
            }
        }
    }
}
