package org.hybridbridge.x86;

/** Moves, extensions, exchanges, the stack, conditional moves and sets, and the NOP forms. */
final class DataMovementOpcodes {

    /** Condition codes in encoding order (the low nibble of Jcc, SETcc, CMOVcc). */
    static final String[] CONDITIONS = { "O", "NO", "B", "AE", "E", "NE", "BE", "A", "S", "NS", "P", "NP", "L", "GE",
            "LE", "G" };

    private DataMovementOpcodes() {
    }

    static void register(OpcodeTable t) {
        registerMoves(t);
        registerExchanges(t);
        registerStack(t);
        for (int cc = 0; cc < CONDITIONS.length; cc++) {
            // CMOVcc keeps the destination when the condition is false: it is read as well
            t.add("0F " + OpcodeTable.hex(0x40 + cc) + " /r", "CMOV" + CONDITIONS[cc] + " Gv,Ev", Flow.RW_R);
            t.add("0F " + OpcodeTable.hex(0x90 + cc) + " /r nosuffix", "SET" + CONDITIONS[cc] + " Eb", Flow.W);
        }
        t.add("90", "NOP", Flow.NONE);
        t.add("F3 90", "PAUSE", Flow.NONE);
        t.add("0F 1F /r", "NOP Ev", Flow.A);
        // reserved-NOP hint space: 0F 18 /4../7, 0F 19, 0F 1D behave as NOP Ev
        for (int reg = 4; reg < 8; reg++) {
            t.add("0F 18 /" + reg, "NOP Ev", Flow.A);
        }
        t.add("0F 19 /r", "NOP Ev", Flow.A);
        t.add("0F 1D /r", "NOP Ev", Flow.A);
        // 0F 1E is a reserved NOP: endbr64 lives in its F3 row, CET-less kernels have the rest
        t.add("0F 1E /r", "NOP Ev", Flow.A);
        t.add("F3 0F 1E FA", "ENDBR64", Flow.NONE);
    }

    private static void registerMoves(OpcodeTable t) {
        t.add("88 /r", "MOV Eb,Gb", Flow.W_R);
        t.add("89 /r", "MOV Ev,Gv", Flow.W_R);
        t.add("8A /r", "MOV Gb,Eb", Flow.W_R);
        t.add("8B /r", "MOV Gv,Ev", Flow.W_R);
        // a segment register moves 16 bits to or from memory, but a whole GPR in register form
        t.add("8C /r reg", "MOV Rv,Sw", Flow.W_R);
        t.add("8C /r mem", "MOV Mw,Sw", Flow.W_R);
        t.add("8E /r reg", "MOV Sw,Rv", Flow.W_R);
        t.add("8E /r mem", "MOV Sw,Mw", Flow.W_R);
        t.add("A0 movabs", "MOV AL,Ob", Flow.W_R);
        t.add("A1 movabs", "MOV rAX,Ov", Flow.W_R);
        t.add("A2 movabs", "MOV Ob,AL", Flow.W_R);
        t.add("A3 movabs", "MOV Ov,rAX", Flow.W_R);
        t.add("B0+r", "MOV Zb,Ib", Flow.W_R);
        t.add("B8+r movabs", "MOV Zv,Iv", Flow.W_R);
        t.add("C6 /0", "MOV Eb,Ib", Flow.W_R);
        t.add("C7 /0", "MOV Ev,Iz", Flow.W_R);
        t.add("0F B6 /r", "MOVZX Gv,Eb", Flow.W_R);
        t.add("0F B7 /r", "MOVZX Gv,Ew", Flow.W_R);
        t.add("0F BE /r", "MOVSX Gv,Eb", Flow.W_R);
        t.add("0F BF /r", "MOVSX Gv,Ew", Flow.W_R);
        t.add("63 /r", "MOVSXD Gv,Ez", Flow.W_R);
        t.add("8D /r mem", "LEA Gv,M", Flow.W_A);
        t.add("0F C3 /r mem noprefix", "MOVNTI My,Gy", Flow.W_R);
    }

    private static void registerExchanges(OpcodeTable t) {
        t.add("86 /r", "XCHG Eb,Gb", Flow.RW_RW);
        t.add("87 /r", "XCHG Ev,Gv", Flow.RW_RW);
        // 90 itself is NOP; the decoder takes this row for it when REX.B or 66 makes it a real exchange
        for (int opcode = 0x91; opcode <= 0x97; opcode++) {
            t.add(OpcodeTable.hex(opcode), "XCHG Zv,rAX", Flow.RW_RW);
        }
        t.add("0F C0 /r", "XADD Eb,Gb", Flow.RW_RW);
        t.add("0F C1 /r", "XADD Ev,Gv", Flow.RW_RW);
        // CMPXCHG also reads and may write rAX implicitly
        t.add("0F B0 /r", "CMPXCHG Eb,Gb", Flow.RW_R);
        t.add("0F B1 /r", "CMPXCHG Ev,Gv", Flow.RW_R);
        t.add("0F C7 /1 mem", "CMPXCHG8B|CMPXCHG16B Mq", Flow.RW);
        // BSWAP of a 16-bit register is undefined; objdump shows it as such (bswap %di)
        t.add("0F C8+r", "BSWAP Zv", Flow.RW);
    }

    private static void registerStack(OpcodeTable t) {
        t.add("50+r d64", "PUSH Zv", Flow.R);
        t.add("58+r d64", "POP Zv", Flow.W);
        t.add("6A d64", "PUSH Ibs", Flow.R);
        t.add("68 d64", "PUSH Iz", Flow.R);
        t.add("FF /6 d64", "PUSH Ev", Flow.R);
        t.add("8F /0 d64", "POP Ev", Flow.W);
        t.add("9C d64", "PUSHF", Flow.NONE);
        t.add("9D d64", "POPF", Flow.NONE);
        t.add("9E", "SAHF", Flow.NONE);
        t.add("9F", "LAHF", Flow.NONE);
        t.add("C9 d64", "LEAVE", Flow.NONE);
        t.add("C8 d64 intel", "ENTER Iw,Ib", Flow.R_R);
        t.add("0F A0 d64", "PUSH FS", Flow.R);
        t.add("0F A1 d64", "POP FS", Flow.W);
        t.add("0F A8 d64", "PUSH GS", Flow.R);
        t.add("0F A9 d64", "POP GS", Flow.W);
    }
}
