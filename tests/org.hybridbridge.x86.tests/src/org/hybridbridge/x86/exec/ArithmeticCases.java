package org.hybridbridge.x86.exec;

import static org.hybridbridge.x86.exec.CpuState.STATUS_FLAGS;

import java.util.List;

/** Oracle cases of the ALU group, TEST, INC, DEC, NEG, NOT, MUL, IMUL, DIV and IDIV. */
final class ArithmeticCases {

    private static final String[] ALU = { "ADD", "OR", "ADC", "SBB", "AND", "SUB", "XOR", "CMP" };
    private static final int MEMORY = 0x40;

    private ArithmeticCases() {
    }

    static void addTo(List<Snippet> cases) {
        lockPrefix(cases);
        alu(cases);
        test(cases);
        unary(cases);
        multiply(cases);
        divide(cases);
    }

    private static void alu(List<Snippet> cases) {
        int i = 0;
        for (int op = 0; op < ALU.length; op++) {
            String name = ALU[op];
            for (int bits : Values.SIZES) {
                int byteForm = bits == 8 ? 0 : 1;
                long[] values = Values.edgesAndRandom(bits, 10);
                for (long a : values) {
                    for (long b : values) {
                        int dst = Values.register(i);
                        int src = Values.otherRegister(i, dst);
                        cases.add(new Snippet(name + " Ev,Gv " + bits + " reg",
                                new Insn(bits).op(op * 8 + byteForm).reg(src).rm(dst).bytes())
                                .setLow(dst, bits, a).setLow(src, bits, b).flags(Values.flags(i++)));
                    }
                }
                for (long a : Values.someEdges(bits, 6)) {
                    for (long b : Values.someEdges(bits, 6)) {
                        int reg = Values.register(i);
                        cases.add(new Snippet(name + " Ev,Gv " + bits + " mem",
                                new Insn(bits).op(op * 8 + byteForm).reg(reg).mem(MEMORY).bytes())
                                .store(MEMORY, a, bits / 8).setLow(reg, bits, b).flags(Values.flags(i++)));
                        cases.add(new Snippet(name + " Gv,Ev " + bits + " mem",
                                new Insn(bits).op(op * 8 + 2 + byteForm).reg(reg).mem(MEMORY).bytes())
                                .store(MEMORY, b, bits / 8).setLow(reg, bits, a).flags(Values.flags(i++)));
                    }
                }
                int immediateBytes = Math.min(bits, 32) / 8;
                for (long a : Values.someEdges(bits, 8)) {
                    for (long b : Values.someEdges(bits, 8)) {
                        int dst = Values.register(i);
                        long immediate = Execution.signExtend(b, immediateBytes * 8);
                        cases.add(new Snippet(name + " rAX,Iz " + bits,
                                new Insn(bits).op(op * 8 + 4 + byteForm).imm(immediate, immediateBytes).bytes())
                                .setLow(Insn.RAX, bits, a).flags(Values.flags(i++)));
                        cases.add(new Snippet(name + " Ev,Iz " + bits + " reg",
                                new Insn(bits).op(0x80 + byteForm).ext(op).rm(dst).imm(immediate, immediateBytes).bytes())
                                .setLow(dst, bits, a).flags(Values.flags(i++)));
                        cases.add(new Snippet(name + " Ev,Iz " + bits + " mem",
                                new Insn(bits).op(0x80 + byteForm).ext(op).mem(MEMORY).imm(immediate, immediateBytes)
                                        .bytes()).store(MEMORY, a, bits / 8).flags(Values.flags(i++)));
                        if (bits > 8) {
                            cases.add(new Snippet(name + " Ev,Ibs " + bits + " reg",
                                    new Insn(bits).op(0x83).ext(op).rm(dst).imm(b, 1).bytes())
                                    .setLow(dst, bits, a).flags(Values.flags(i++)));
                        }
                    }
                }
            }
        }
        // AH..BH: the byte registers without REX
        for (long a : Values.someEdges(8, 6)) {
            cases.add(new Snippet("ADD Eb,Gb high bytes", Insn.raw(0x00, 0xE5), Insn.raw(0x28, 0xFE))
                    .set(Insn.RCX, 0x1122_3344_5566_7788L).set(Insn.RBP, a << 8).set(Insn.RDX, a << 8 | 0x99)
                    .set(Insn.RBX, Snippet.DATA | a << 8));
        }
    }

    /** LOCK is #UD with a register destination and on instructions that cannot be locked. */
    private static void lockPrefix(List<Snippet> cases) {
        cases.add(new Snippet("LOCK ADD Ev,Gv mem", Insn.raw(0xF0, 0x01, 0x4B, MEMORY)).store(MEMORY, 41, 4)
                .set(Insn.RCX, 1));
        cases.add(new Snippet("LOCK ADD Ev,Gv reg (#UD)", Insn.raw(0xF0, 0x01, 0xC8)));
        cases.add(new Snippet("LOCK NOT Ev reg (#UD)", Insn.raw(0xF0, 0xF7, 0xD1)));
        cases.add(new Snippet("LOCK CMP Ev,Gv mem (#UD)", Insn.raw(0xF0, 0x39, 0x4B, MEMORY)));
        cases.add(new Snippet("LOCK TEST Ev,Gv mem (#UD)", Insn.raw(0xF0, 0x85, 0x4B, MEMORY)));
        cases.add(new Snippet("LOCK MOV Ev,Gv mem (#UD)", Insn.raw(0xF0, 0x89, 0x4B, MEMORY)));
        cases.add(new Snippet("LOCK BTS Ev,Gv mem", Insn.raw(0xF0, 0x0F, 0xAB, 0x4B, MEMORY)).set(Insn.RCX, 77));
        cases.add(new Snippet("LOCK BT Ev,Gv mem (#UD)", Insn.raw(0xF0, 0x0F, 0xA3, 0x4B, MEMORY)));
        cases.add(new Snippet("LOCK XCHG Ev,Gv mem", Insn.raw(0xF0, 0x87, 0x4B, MEMORY)).store(MEMORY, -5, 8));
        cases.add(new Snippet("LOCK INC Ev mem", Insn.raw(0xF0, 0xFF, 0x43, MEMORY)).store(MEMORY, -1, 4));
    }

    private static void test(List<Snippet> cases) {
        int i = 0;
        for (int bits : Values.SIZES) {
            int byteForm = bits == 8 ? 0 : 1;
            int immediateBytes = Math.min(bits, 32) / 8;
            for (long a : Values.edges(bits)) {
                for (long b : Values.someEdges(bits, 8)) {
                    int dst = Values.register(i);
                    int src = Values.otherRegister(i, dst);
                    cases.add(new Snippet("TEST Ev,Gv " + bits,
                            new Insn(bits).op(0x84 + byteForm).reg(src).rm(dst).bytes())
                            .setLow(dst, bits, a).setLow(src, bits, b).flags(Values.flags(i++)));
                    long immediate = Execution.signExtend(b, immediateBytes * 8);
                    cases.add(new Snippet("TEST Ev,Iz " + bits + " mem",
                            new Insn(bits).op(0xF6 + byteForm).ext(0).mem(MEMORY).imm(immediate, immediateBytes).bytes())
                            .store(MEMORY, a, bits / 8).flags(Values.flags(i++)));
                    cases.add(new Snippet("TEST Ev,Iz /1 " + bits,
                            new Insn(bits).op(0xF6 + byteForm).ext(1).rm(dst).imm(immediate, immediateBytes).bytes())
                            .setLow(dst, bits, a).flags(Values.flags(i++)));
                    cases.add(new Snippet("TEST rAX,Iz " + bits,
                            new Insn(bits).op(0xA8 + byteForm).imm(immediate, immediateBytes).bytes())
                            .setLow(Insn.RAX, bits, a).flags(Values.flags(i++)));
                }
            }
        }
    }

    private static void unary(List<Snippet> cases) {
        String[] names = { "INC", "DEC", "NOT", "NEG" };
        int[][] encodings = { { 0xFE, 0 }, { 0xFE, 1 }, { 0xF6, 2 }, { 0xF6, 3 } };
        int i = 0;
        for (int n = 0; n < names.length; n++) {
            for (int bits : Values.SIZES) {
                int opcode = encodings[n][0] + (bits == 8 ? 0 : 1);
                for (long a : Values.edges(bits)) {
                    for (long flags : new long[] { 0, STATUS_FLAGS }) {
                        int dst = Values.register(i++);
                        cases.add(new Snippet(names[n] + " Ev " + bits + " reg",
                                new Insn(bits).op(opcode).ext(encodings[n][1]).rm(dst).bytes())
                                .setLow(dst, bits, a).flags(flags));
                        cases.add(new Snippet(names[n] + " Ev " + bits + " mem",
                                new Insn(bits).op(opcode).ext(encodings[n][1]).mem(MEMORY).bytes())
                                .store(MEMORY, a, bits / 8).flags(flags));
                    }
                }
            }
        }
    }

    private static void multiply(List<Snippet> cases) {
        String[] names = { "MUL", "IMUL" };
        int i = 0;
        for (int n = 0; n < names.length; n++) {
            for (int bits : Values.SIZES) {
                int opcode = bits == 8 ? 0xF6 : 0xF7;
                for (long a : Values.edgesAndRandom(bits, 6)) {
                    for (long b : Values.edgesAndRandom(bits, 6)) {
                        int src = divisorRegister(i);
                        cases.add(new Snippet(names[n] + " Ev " + bits + " reg",
                                new Insn(bits).op(opcode).ext(4 + n).rm(src).bytes())
                                .setLow(Insn.RAX, bits, a).setLow(src, bits, b).flags(Values.flags(i++)));
                    }
                    cases.add(new Snippet(names[n] + " Ev " + bits + " mem",
                            new Insn(bits).op(opcode).ext(4 + n).mem(MEMORY).bytes())
                            .setLow(Insn.RAX, bits, a).store(MEMORY, Values.edges(bits)[i % 5 + 3], bits / 8)
                            .flags(Values.flags(i++)));
                }
            }
        }
        for (int bits : Values.WIDE_SIZES) {
            int immediateBytes = Math.min(bits, 32) / 8;
            for (long a : Values.edges(bits)) {
                for (long b : Values.edges(bits)) {
                    int dst = Values.register(i);
                    int src = Values.otherRegister(i, dst);
                    cases.add(new Snippet("IMUL Gv,Ev " + bits, new Insn(bits).op(0x0F, 0xAF).reg(dst).rm(src).bytes())
                            .setLow(dst, bits, a).setLow(src, bits, b).flags(Values.flags(i++)));
                    cases.add(new Snippet("IMUL Gv,Ev,Iz " + bits + " mem",
                            new Insn(bits).op(0x69).reg(dst).mem(MEMORY).imm(b, immediateBytes).bytes())
                            .store(MEMORY, a, bits / 8).flags(Values.flags(i++)));
                    cases.add(new Snippet("IMUL Gv,Ev,Ibs " + bits,
                            new Insn(bits).op(0x6B).reg(dst).rm(src).imm(b, 1).bytes())
                            .setLow(src, bits, a).flags(Values.flags(i++)));
                }
            }
        }
    }

    /** DIV and IDIV, including divisors 0 and quotients that overflow: #DE, RIP at the instruction. */
    private static void divide(List<Snippet> cases) {
        String[] names = { "DIV", "IDIV" };
        int i = 0;
        for (int n = 0; n < names.length; n++) {
            for (int bits : Values.SIZES) {
                int opcode = bits == 8 ? 0xF6 : 0xF7;
                long[] values = Values.edgesAndRandom(bits, 6);
                for (long high : Values.someEdges(bits, 7)) {
                    for (long low : values) {
                        for (long divisor : values) {
                            int src = divisorRegister(i);
                            Snippet snippet = new Snippet(names[n] + " Ev " + bits + " reg",
                                    new Insn(bits).op(opcode).ext(6 + n).rm(src).bytes())
                                    .setLow(src, bits, divisor).flags(Values.flags(i++));
                            if (bits == 8) {
                                snippet.setLow(Insn.RAX, 16, high << 8 | low);
                            } else {
                                snippet.setLow(Insn.RAX, bits, low).setLow(Insn.RDX, bits, high);
                            }
                            cases.add(snippet);
                        }
                    }
                }
                cases.add(new Snippet(names[n] + " Ev " + bits + " mem",
                        new Insn(bits).op(opcode).ext(6 + n).mem(MEMORY).bytes())
                        .setLow(Insn.RAX, bits, 0x1234_5678_9ABC_DEF0L).setLow(Insn.RDX, bits, 0)
                        .store(MEMORY, 7, bits / 8));
            }
        }
    }

    /** @return a register for the source of a one-operand multiply or divide: not rAX or rDX */
    private static int divisorRegister(int i) {
        int register = Values.register(i);
        return register == Insn.RAX || register == Insn.RDX ? Insn.RDI : register;
    }
}
