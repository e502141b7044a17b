package org.hybridbridge.x86.exec;

import java.util.List;

/**
 * Oracle cases of JMP, Jcc, CALL, RET, LOOP/LOOPE/LOOPNE, JRCXZ, PUSH, POP, ENTER and LEAVE.
 * Branches skip over a {@code mov eax, 1} or land on it, so RAX tells which way they went; the
 * stack lives in the compared data area.
 */
final class ControlFlowCases {

    /** {@code mov eax, 1}: 5 bytes. */
    private static final byte[] MARK = Insn.raw(0xB8, 1, 0, 0, 0);

    private ControlFlowCases() {
    }

    static void addTo(List<Snippet> cases) {
        branches(cases);
        calls(cases);
        loops(cases);
        stack(cases);
    }

    private static void branches(List<Snippet> cases) {
        for (long flags : Values.conditionPatterns()) {
            for (int cc = 0; cc < 16; cc++) {
                cases.add(new Snippet("Jcc Jb", Insn.raw(0x70 + cc, MARK.length), MARK).flags(flags));
                cases.add(new Snippet("Jcc Jz", Insn.raw(0x0F, 0x80 + cc, MARK.length, 0, 0, 0), MARK).flags(flags));
            }
        }
        cases.add(new Snippet("JMP Jb", Insn.raw(0xEB, MARK.length), MARK));
        cases.add(new Snippet("JMP Jz", Insn.raw(0xE9, MARK.length, 0, 0, 0), MARK));
        // jmp rsi / jmp [rbx+8] to the instruction after the mark
        long after = Snippet.CODE + 2 + MARK.length;
        cases.add(new Snippet("JMP Ev reg", Insn.raw(0xFF, 0xE6), MARK).set(Insn.RSI, after));
        cases.add(new Snippet("JMP Ev mem", Insn.raw(0xFF, 0x63, 0x08), MARK).store(8, after + 1, 8));
        // a backward jump: jmp over a jmp back
        cases.add(new Snippet("JMP Jb backward", Insn.raw(0xEB, 0x02), Insn.raw(0xEB, 0x07), Insn.raw(0xEB, 0xFC), MARK));
        cases.add(new Snippet("JMP Ev non-canonical", Insn.raw(0xFF, 0xE6)).set(Insn.RSI, 0x0000_8000_0000_0000L));
    }

    private static void calls(List<Snippet> cases) {
        // call +7; jmp +8 (over the callee); callee: mov eax, 1; inc ecx; ret
        byte[] callee = { (byte) 0xB8, 1, 0, 0, 0, (byte) 0xFF, (byte) 0xC1, (byte) 0xC3 };
        cases.add(new Snippet("CALL Jz + RET", Insn.raw(0xE8, 2, 0, 0, 0), Insn.raw(0xEB, callee.length), callee));
        long calleeAddress = Snippet.CODE + 3 + 2;
        cases.add(new Snippet("CALL Ev reg + RET", Insn.raw(0xFF, 0xD6), Insn.raw(0xEB, callee.length), callee)
                .set(Insn.RSI, Snippet.CODE + 4));
        cases.add(new Snippet("CALL Ev mem + RET", Insn.raw(0xFF, 0x53, 0x10), Insn.raw(0xEB, callee.length), callee)
                .store(0x10, calleeAddress, 8));
        // push 3 arguments, call a callee that returns with ret 24
        byte[] releasing = { (byte) 0xB8, 1, 0, 0, 0, (byte) 0xC2, 24, 0 };
        cases.add(new Snippet("RET Iw", Insn.raw(0x6A, 1), Insn.raw(0x6A, 2), Insn.raw(0x6A, 3),
                Insn.raw(0xE8, 2, 0, 0, 0), Insn.raw(0xEB, releasing.length), releasing));
        // ret to a non-canonical address: #GP with RSP unchanged
        cases.add(new Snippet("RET non-canonical", Insn.raw(0x56), Insn.raw(0xC3)).set(Insn.RSI, 0x0000_8000_0000_0000L));
    }

    private static void loops(List<Snippet> cases) {
        // top: inc eax; cmp eax, edx; loop(e/ne) top
        String[] names = { "LOOPNE", "LOOPE", "LOOP" };
        for (int n = 0; n < 3; n++) {
            for (boolean shortAddress : new boolean[] { false, true }) {
                // 2^32 + 3 iterates 3 times with ECX, and is left out with RCX
                for (long count : shortAddress ? new long[] { 1, 2, 7, 0x1_0000_0003L } : new long[] { 1, 2, 7 }) {
                    for (long stop : new long[] { 3, 100 }) {
                        byte[] loop = shortAddress ? Insn.raw(0x67, 0xE0 + n, 0xF9) : Insn.raw(0xE0 + n, 0xFA);
                        String form = names[n] + " Jb" + (shortAddress ? " a32" : "");
                        cases.add(new Snippet(form, Insn.raw(0xFF, 0xC0), Insn.raw(0x39, 0xD0), loop)
                                .set(Insn.RAX, 0).set(Insn.RCX, count).set(Insn.RDX, stop));
                    }
                }
                // LOOPE with ZF set each round keeps going: cmp eax, eax
                cases.add(new Snippet(names[n] + " Jb equal" + (shortAddress ? " a32" : ""), Insn.raw(0xFF, 0xC0),
                        Insn.raw(0x39, 0xC0), shortAddress ? Insn.raw(0x67, 0xE0 + n, 0xF9) : Insn.raw(0xE0 + n, 0xFA))
                        .set(Insn.RCX, 5));
            }
        }
        for (long count : new long[] { 0, 1, 0x1_0000_0000L, -1 }) {
            cases.add(new Snippet("JRCXZ Jb", Insn.raw(0xE3, MARK.length), MARK).set(Insn.RCX, count));
            cases.add(new Snippet("JECXZ Jb", Insn.raw(0x67, 0xE3, MARK.length), MARK).set(Insn.RCX, count));
        }
    }

    private static void stack(List<Snippet> cases) {
        int i = 0;
        for (int register : new int[] { Insn.RAX, Insn.RCX, Insn.RSP, Insn.RBP, Insn.RDI, 8, 12, 15 }) {
            int other = register == Insn.RSI ? Insn.RDI : Insn.RSI;
            cases.add(new Snippet("PUSH/POP Zv", new Insn(64).defaultSize64().opReg(0x50, register).bytes(),
                    new Insn(64).defaultSize64().opReg(0x58, other).bytes()));
            cases.add(new Snippet("PUSH/POP Zv 16", new Insn(16).opReg(0x50, register).bytes(),
                    new Insn(16).opReg(0x58, other).bytes(), new Insn(16).opReg(0x58, register).bytes()));
            cases.add(new Snippet("POP Zv", new Insn(64).defaultSize64().opReg(0x58, register).bytes())
                    .store(0x2800, 0x1122_3344_5566_7788L + i++, 8));
        }
        cases.add(new Snippet("PUSH Ibs", Insn.raw(0x6A, 0x80), Insn.raw(0x6A, 0x7F)));
        cases.add(new Snippet("PUSH Iz", Insn.raw(0x68, 0x00, 0x00, 0x00, 0x80), Insn.raw(0x66, 0x68, 0x34, 0x12)));
        cases.add(new Snippet("PUSH Ev mem", Insn.raw(0xFF, 0x73, 0x10), Insn.raw(0x66, 0xFF, 0x73, 0x18))
                .store(0x10, 0x0102_0304_0506_0708L, 8).store(0x18, 0xA1A2_A3A4_A5A6_A7A8L, 8));
        cases.add(new Snippet("PUSH Ev rsp-relative", Insn.raw(0xFF, 0x34, 0x24)));
        cases.add(new Snippet("POP Ev mem", Insn.raw(0x8F, 0x43, 0x10), Insn.raw(0x66, 0x8F, 0x43, 0x20))
                .store(0x2800, 0x0102_0304_0506_0708L, 8).store(0x2808, 0xB1B2, 2));
        // pop [rsp]: the address is computed with RSP already incremented
        cases.add(new Snippet("POP Ev rsp-relative", Insn.raw(0x8F, 0x04, 0x24), Insn.raw(0x8F, 0x44, 0x24, 0x08))
                .store(0x2800, 0x1111, 8).store(0x2808, 0x2222, 8).store(0x2810, 0x3333, 8));
        for (int level : new int[] { 0, 1, 2, 3, 33 }) {
            for (int size : new int[] { 0, 0x18 }) {
                cases.add(new Snippet("ENTER Iw,Ib", Insn.raw(0xC8, size, 0, level)).set(Insn.RBP, Snippet.STACK_TOP + 0x40)
                        .store(0x2800 + 0x40 - 8, 0xAAAA, 8).store(0x2800 + 0x40 - 16, 0xBBBB, 8));
                cases.add(new Snippet("ENTER Iw,Ib 16", Insn.raw(0x66, 0xC8, size, 0, level))
                        .set(Insn.RBP, Snippet.STACK_TOP + 0x40));
            }
        }
        cases.add(new Snippet("LEAVE", Insn.raw(0xC9)).set(Insn.RBP, Snippet.STACK_TOP + 0x20).store(0x2820, 0x1234, 8));
        cases.add(new Snippet("LEAVE 16", Insn.raw(0x66, 0xC9)).set(Insn.RBP, Snippet.STACK_TOP + 0x20)
                .store(0x2820, 0x5678, 8));
    }
}
