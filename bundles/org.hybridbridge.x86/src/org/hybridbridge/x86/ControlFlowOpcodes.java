package org.hybridbridge.x86;

/** Branches, calls, returns, loops, software interrupts and system-call gates. */
final class ControlFlowOpcodes {

    private ControlFlowOpcodes() {
    }

    static void register(OpcodeTable t) {
        for (int cc = 0; cc < DataMovementOpcodes.CONDITIONS.length; cc++) {
            String jcc = "J" + DataMovementOpcodes.CONDITIONS[cc];
            t.add(OpcodeTable.hex(0x70 + cc) + " f64", jcc + " Jb", Flow.R);
            t.add("0F " + OpcodeTable.hex(0x80 + cc) + " f64", jcc + " Jz", Flow.R);
        }
        t.add("EB f64", "JMP Jb", Flow.R);
        t.add("E9 f64", "JMP Jz", Flow.R);
        t.add("E8 f64", "CALL Jz", Flow.R);
        t.add("FF /2 f64 indirect nosuffix", "CALL Ev", Flow.R);
        t.add("FF /4 f64 indirect nosuffix", "JMP Ev", Flow.R);
        t.add("C3 f64", "RET", Flow.NONE);
        t.add("C2 f64", "RET Iw", Flow.R);
        t.add("E0 f64", "LOOPNE Jb", Flow.R);
        t.add("E1 f64", "LOOPE Jb", Flow.R);
        t.add("E2 f64", "LOOP Jb", Flow.R);
        t.add("E3 f64", "JRCXZ Jb", Flow.R);
        t.add("CC", "INT3", Flow.NONE);
        t.add("CD", "INT Ib", Flow.R);
        t.add("0F 0B", "UD2", Flow.NONE);
        t.add("CF", "IRETW|IRET|IRETQ", Flow.NONE);
        t.add("0F 05", "SYSCALL", Flow.NONE);
        t.add("0F 07", "SYSRETL|SYSRETQ", Flow.NONE);
    }
}
