package org.hybridbridge.x86;

/**
 * General-purpose ISA extensions that static glibc selects at run time: MOVBE, CRC32,
 * transactional memory (RTM) and CET shadow-stack instructions. They are decoded rather than
 * rejected because F2/F3 in front of neighbouring opcodes would otherwise read as a prefix of a
 * different instruction.
 */
final class ExtensionOpcodes {

    private ExtensionOpcodes() {
    }

    static void register(OpcodeTable t) {
        t.add("0F 38 F0 /r mem", "MOVBE Gv,Mv", Flow.W_R);
        t.add("0F 38 F1 /r mem", "MOVBE Mv,Gv", Flow.W_R);
        t.add("F2 0F 38 F0 /r", "CRC32 Gy,Eb", Flow.RW_R);
        t.add("F2 0F 38 F1 /r", "CRC32 Gy,Ev", Flow.RW_R);
        t.add("C7 F8", "XBEGIN Jz", Flow.R);
        t.add("C6 F8", "XABORT Ib", Flow.R);
        t.add("0F 01 D5", "XEND", Flow.NONE);
        t.add("0F 01 D6", "XTEST", Flow.NONE);
        t.add("F3 0F 1E /1 reg", "RDSSPD|RDSSPQ Ry", Flow.W);
        t.add("F3 0F AE /5 reg", "INCSSPD|INCSSPQ Ry", Flow.R);
    }
}
