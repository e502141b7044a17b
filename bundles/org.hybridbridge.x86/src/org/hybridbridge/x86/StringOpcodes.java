package org.hybridbridge.x86;

/**
 * The string instructions. Their memory operands are explicit here, as objdump prints them:
 * X is DS:rSI, Y is ES:rDI. REP/REPE/REPNE stay prefixes of the decoded instruction.
 */
final class StringOpcodes {

    private StringOpcodes() {
    }

    static void register(OpcodeTable t) {
        t.add("A4", "MOVS Yb,Xb", Flow.W_R);
        t.add("A5", "MOVS Yv,Xv", Flow.W_R);
        t.add("A6", "CMPS Xb,Yb", Flow.R_R);
        t.add("A7", "CMPS Xv,Yv", Flow.R_R);
        t.add("AA", "STOS Yb,AL", Flow.W_R);
        t.add("AB", "STOS Yv,rAX", Flow.W_R);
        t.add("AC", "LODS AL,Xb", Flow.W_R);
        t.add("AD", "LODS rAX,Xv", Flow.W_R);
        t.add("AE", "SCAS AL,Yb", Flow.R_R);
        t.add("AF", "SCAS rAX,Yv", Flow.R_R);
        t.add("6C", "INS Yb,DX", Flow.W_R);
        t.add("6D", "INS Yz,DX", Flow.W_R);
        t.add("6E", "OUTS DX,Xb", Flow.R_R);
        t.add("6F", "OUTS DX,Xz", Flow.R_R);
    }
}
