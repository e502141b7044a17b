package org.hybridbridge.x86;

/**
 * The SSE/SSE2 moves and integer operations that static glibc's string and memory functions
 * use, with their MMX forms where the same opcode without 66 has one.
 */
final class SseOpcodes {

    private SseOpcodes() {
    }

    static void register(OpcodeTable t) {
        registerMoves(t);
        registerPackedInteger(t);
        registerPackedLogic(t);
        registerFloatingPoint(t);
        registerSsse3AndSse4(t);
    }

    private static void registerMoves(OpcodeTable t) {
        t.add("0F 10 /r", "MOVUPS Vx,Wx", Flow.W_R);
        t.add("66 0F 10 /r", "MOVUPD Vx,Wx", Flow.W_R);
        // movss/movsd from memory zero the upper lanes, register to register they merge
        t.add("F3 0F 10 /r", "MOVSS Vx,Wss", Flow.RW_R);
        t.add("F2 0F 10 /r", "MOVSD Vx,Wsd", Flow.RW_R);
        t.add("0F 11 /r", "MOVUPS Wx,Vx", Flow.W_R);
        t.add("66 0F 11 /r", "MOVUPD Wx,Vx", Flow.W_R);
        t.add("F3 0F 11 /r", "MOVSS Wss,Vx", Flow.RW_R);
        t.add("F2 0F 11 /r", "MOVSD Wsd,Vx", Flow.RW_R);
        t.add("0F 12 /r mem", "MOVLPS Vx,Mq", Flow.RW_R);
        t.add("66 0F 12 /r mem", "MOVLPD Vx,Mq", Flow.RW_R);
        t.add("0F 13 /r mem", "MOVLPS Mq,Vx", Flow.W_R);
        t.add("66 0F 13 /r mem", "MOVLPD Mq,Vx", Flow.W_R);
        t.add("0F 16 /r mem", "MOVHPS Vx,Mq", Flow.RW_R);
        t.add("66 0F 16 /r mem", "MOVHPD Vx,Mq", Flow.RW_R);
        t.add("0F 17 /r mem", "MOVHPS Mq,Vx", Flow.W_R);
        t.add("66 0F 17 /r mem", "MOVHPD Mq,Vx", Flow.W_R);
        t.add("0F 28 /r", "MOVAPS Vx,Wx", Flow.W_R);
        t.add("66 0F 28 /r", "MOVAPD Vx,Wx", Flow.W_R);
        t.add("0F 29 /r", "MOVAPS Wx,Vx", Flow.W_R);
        t.add("66 0F 29 /r", "MOVAPD Wx,Vx", Flow.W_R);
        t.add("0F 2B /r mem", "MOVNTPS Mx,Vx", Flow.W_R);
        t.add("66 0F E7 /r mem", "MOVNTDQ Mx,Vx", Flow.W_R);
        t.add("0F 6E /r nosuffix", "MOVD|MOVQ Pq,Ey", Flow.W_R);
        t.add("66 0F 6E /r nosuffix", "MOVD|MOVQ Vx,Ey", Flow.W_R);
        t.add("0F 7E /r nosuffix", "MOVD|MOVQ Ey,Pq", Flow.W_R);
        t.add("66 0F 7E /r nosuffix", "MOVD|MOVQ Ey,Vx", Flow.W_R);
        t.add("F3 0F 7E /r", "MOVQ Vx,Wq", Flow.W_R);
        t.add("66 0F D6 /r", "MOVQ Wq,Vx", Flow.W_R);
        t.add("0F 6F /r", "MOVQ Pq,Qq", Flow.W_R);
        t.add("0F 7F /r", "MOVQ Qq,Pq", Flow.W_R);
        t.add("66 0F 6F /r", "MOVDQA Vx,Wx", Flow.W_R);
        t.add("F3 0F 6F /r", "MOVDQU Vx,Wx", Flow.W_R);
        t.add("66 0F 7F /r", "MOVDQA Wx,Vx", Flow.W_R);
        t.add("F3 0F 7F /r", "MOVDQU Wx,Vx", Flow.W_R);
        // objdump shows the 64-bit destination under REX.W (the upper half is zeroed either way)
        t.add("66 0F D7 /r reg", "PMOVMSKB Gy,Ux", Flow.W_R);
        t.add("0F D7 /r reg", "PMOVMSKB Gy,Nq", Flow.W_R);
        t.add("0F 70 /r", "PSHUFW Pq,Qq,Ib", Flow.W_R_R);
        t.add("66 0F 70 /r", "PSHUFD Vx,Wx,Ib", Flow.W_R_R);
        t.add("F3 0F 70 /r", "PSHUFHW Vx,Wx,Ib", Flow.W_R_R);
        t.add("F2 0F 70 /r", "PSHUFLW Vx,Wx,Ib", Flow.W_R_R);
        t.add("0F C4 /r", "PINSRW Pq,Ed,Ib", Flow.RW_R_R);
        t.add("66 0F C4 /r", "PINSRW Vx,Ed,Ib", Flow.RW_R_R);
        t.add("0F C5 /r reg", "PEXTRW Gy,Nq,Ib", Flow.W_R_R);
        t.add("66 0F C5 /r reg", "PEXTRW Gy,Ux,Ib", Flow.W_R_R);
        t.add("0F E7 /r mem", "MOVNTQ Mq,Pq", Flow.W_R);
    }

    /** Two-operand integer operations, register or memory source: {@code OP Vx,Wx} with 66, {@code OP Pq,Qq} without. */
    private static void registerPackedInteger(OpcodeTable t) {
        String[][] ops = {
                { "60", "PUNPCKLBW" }, { "61", "PUNPCKLWD" }, { "62", "PUNPCKLDQ" }, { "63", "PACKSSWB" },
                { "64", "PCMPGTB" }, { "65", "PCMPGTW" }, { "66", "PCMPGTD" }, { "67", "PACKUSWB" },
                { "68", "PUNPCKHBW" }, { "69", "PUNPCKHWD" }, { "6A", "PUNPCKHDQ" }, { "6B", "PACKSSDW" },
                { "74", "PCMPEQB" }, { "75", "PCMPEQW" }, { "76", "PCMPEQD" },
                { "D4", "PADDQ" }, { "D5", "PMULLW" }, { "D8", "PSUBUSB" }, { "D9", "PSUBUSW" },
                { "DA", "PMINUB" }, { "DC", "PADDUSB" }, { "DD", "PADDUSW" }, { "DE", "PMAXUB" },
                { "E0", "PAVGB" }, { "E3", "PAVGW" }, { "E4", "PMULHUW" }, { "E5", "PMULHW" },
                { "E8", "PSUBSB" }, { "E9", "PSUBSW" }, { "EA", "PMINSW" }, { "EC", "PADDSB" }, { "ED", "PADDSW" },
                { "EE", "PMAXSW" }, { "F4", "PMULUDQ" }, { "F5", "PMADDWD" }, { "F6", "PSADBW" },
                { "F8", "PSUBB" }, { "F9", "PSUBW" }, { "FA", "PSUBD" }, { "FB", "PSUBQ" },
                { "FC", "PADDB" }, { "FD", "PADDW" }, { "FE", "PADDD" },
                { "D1", "PSRLW" }, { "D2", "PSRLD" }, { "D3", "PSRLQ" }, { "E1", "PSRAW" }, { "E2", "PSRAD" },
                { "F1", "PSLLW" }, { "F2", "PSLLD" }, { "F3", "PSLLQ" } };
        for (String[] op : ops) {
            t.add("0F " + op[0] + " /r", op[1] + " Pq,Qq", Flow.RW_R);
            t.add("66 0F " + op[0] + " /r", op[1] + " Vx,Wx", Flow.RW_R);
        }
        t.add("66 0F 6C /r", "PUNPCKLQDQ Vx,Wx", Flow.RW_R);
        t.add("66 0F 6D /r", "PUNPCKHQDQ Vx,Wx", Flow.RW_R);
        // shifts by immediate: groups 12..14, the register is in ModRM.rm
        String[][] immediateShifts = { { "71 /2", "PSRLW" }, { "71 /4", "PSRAW" }, { "71 /6", "PSLLW" },
                { "72 /2", "PSRLD" }, { "72 /4", "PSRAD" }, { "72 /6", "PSLLD" },
                { "73 /2", "PSRLQ" }, { "73 /6", "PSLLQ" } };
        for (String[] shift : immediateShifts) {
            t.add("0F " + shift[0] + " reg", shift[1] + " Nq,Ib", Flow.RW_R);
            t.add("66 0F " + shift[0] + " reg", shift[1] + " Ux,Ib", Flow.RW_R);
        }
        t.add("66 0F 73 /3 reg", "PSRLDQ Ux,Ib", Flow.RW_R);
        t.add("66 0F 73 /7 reg", "PSLLDQ Ux,Ib", Flow.RW_R);
    }

    private static void registerPackedLogic(OpcodeTable t) {
        String[][] integerLogic = { { "DB", "PAND" }, { "DF", "PANDN" }, { "EB", "POR" }, { "EF", "PXOR" } };
        for (String[] op : integerLogic) {
            t.add("0F " + op[0] + " /r", op[1] + " Pq,Qq", Flow.RW_R);
            t.add("66 0F " + op[0] + " /r", op[1] + " Vx,Wx", Flow.RW_R);
        }
        String[][] floatLogic = { { "54", "ANDPS", "ANDPD" }, { "55", "ANDNPS", "ANDNPD" }, { "56", "ORPS", "ORPD" },
                { "57", "XORPS", "XORPD" } };
        for (String[] op : floatLogic) {
            t.add("0F " + op[0] + " /r", op[1] + " Vx,Wx", Flow.RW_R);
            t.add("66 0F " + op[0] + " /r", op[2] + " Vx,Wx", Flow.RW_R);
        }
    }

    /** The scalar and packed floating-point operations glibc's math and printf use. */
    private static void registerFloatingPoint(OpcodeTable t) {
        String[][] arithmetic = { { "51", "SQRT" }, { "58", "ADD" }, { "59", "MUL" }, { "5C", "SUB" }, { "5D", "MIN" },
                { "5E", "DIV" }, { "5F", "MAX" } };
        for (String[] op : arithmetic) {
            t.add("0F " + op[0] + " /r", op[1] + "PS Vx,Wx", Flow.RW_R);
            t.add("66 0F " + op[0] + " /r", op[1] + "PD Vx,Wx", Flow.RW_R);
            t.add("F3 0F " + op[0] + " /r", op[1] + "SS Vx,Wss", Flow.RW_R);
            t.add("F2 0F " + op[0] + " /r", op[1] + "SD Vx,Wsd", Flow.RW_R);
        }
        t.add("0F 2E /r", "UCOMISS Vx,Wss", Flow.R_R);
        t.add("66 0F 2E /r", "UCOMISD Vx,Wsd", Flow.R_R);
        t.add("0F 2F /r", "COMISS Vx,Wss", Flow.R_R);
        t.add("66 0F 2F /r", "COMISD Vx,Wsd", Flow.R_R);
        t.add("F3 0F 2A /r", "CVTSI2SS Vx,Ey", Flow.RW_R);
        t.add("F2 0F 2A /r", "CVTSI2SD Vx,Ey", Flow.RW_R);
        t.add("F3 0F 2C /r", "CVTTSS2SI Gy,Wss", Flow.W_R);
        t.add("F2 0F 2C /r", "CVTTSD2SI Gy,Wsd", Flow.W_R);
        t.add("F3 0F 2D /r", "CVTSS2SI Gy,Wss", Flow.W_R);
        t.add("F2 0F 2D /r", "CVTSD2SI Gy,Wsd", Flow.W_R);
        t.add("F3 0F 5A /r", "CVTSS2SD Vx,Wss", Flow.RW_R);
        t.add("F2 0F 5A /r", "CVTSD2SS Vx,Wsd", Flow.RW_R);
        t.add("0F 12 /r reg", "MOVHLPS Vx,Ux", Flow.RW_R);
        t.add("0F 16 /r reg", "MOVLHPS Vx,Ux", Flow.RW_R);
        t.add("0F 50 /r reg", "MOVMSKPS Gy,Ux", Flow.W_R);
        t.add("66 0F 50 /r reg", "MOVMSKPD Gy,Ux", Flow.W_R);
        t.add("0F C6 /r", "SHUFPS Vx,Wx,Ib", Flow.RW_R_R);
        t.add("66 0F C6 /r", "SHUFPD Vx,Wx,Ib", Flow.RW_R_R);
        t.add("0F 14 /r", "UNPCKLPS Vx,Wx", Flow.RW_R);
        t.add("66 0F 14 /r", "UNPCKLPD Vx,Wx", Flow.RW_R);
        t.add("0F 15 /r", "UNPCKHPS Vx,Wx", Flow.RW_R);
        t.add("66 0F 15 /r", "UNPCKHPD Vx,Wx", Flow.RW_R);
    }

    /** SSSE3 and SSE4 operations of glibc's string functions (selected at run time by CPUID). */
    private static void registerSsse3AndSse4(OpcodeTable t) {
        t.add("0F 38 00 /r", "PSHUFB Pq,Qq", Flow.RW_R);
        t.add("66 0F 38 00 /r", "PSHUFB Vx,Wx", Flow.RW_R);
        t.add("66 0F 38 17 /r", "PTEST Vx,Wx", Flow.R_R);
        t.add("66 0F 38 29 /r", "PCMPEQQ Vx,Wx", Flow.RW_R);
        t.add("66 0F 38 38 /r", "PMINSB Vx,Wx", Flow.RW_R);
        t.add("66 0F 38 3A /r", "PMINUW Vx,Wx", Flow.RW_R);
        t.add("66 0F 38 3B /r", "PMINUD Vx,Wx", Flow.RW_R);
        t.add("66 0F 38 3F /r", "PMAXUD Vx,Wx", Flow.RW_R);
        t.add("0F 3A 0F /r", "PALIGNR Pq,Qq,Ib", Flow.RW_R_R);
        t.add("66 0F 3A 0F /r", "PALIGNR Vx,Wx,Ib", Flow.RW_R_R);
        t.add("66 0F 3A 60 /r", "PCMPESTRM Vx,Wx,Ib", Flow.R_R_R);
        t.add("66 0F 3A 61 /r", "PCMPESTRI Vx,Wx,Ib", Flow.R_R_R);
        t.add("66 0F 3A 62 /r", "PCMPISTRM Vx,Wx,Ib", Flow.R_R_R);
        t.add("66 0F 3A 63 /r", "PCMPISTRI Vx,Wx,Ib", Flow.R_R_R);
    }
}
