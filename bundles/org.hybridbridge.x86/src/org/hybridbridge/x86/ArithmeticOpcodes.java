package org.hybridbridge.x86;

/** Integer arithmetic and logic: the ALU group, shifts and rotates, multiply and divide, sign extension of rAX. */
final class ArithmeticOpcodes {

    /** The eight ALU operations in opcode order (00, 08, ... 38) and ModRM.reg order of group 1. */
    private static final String[] ALU = { "ADD", "OR", "ADC", "SBB", "AND", "SUB", "XOR", "CMP" };
    /** Group 2 in ModRM.reg order; /6 is the undocumented alias of SHL (SAL), which objdump also calls shl. */
    private static final String[] SHIFTS = { "ROL", "ROR", "RCL", "RCR", "SHL", "SHR", "SHL", "SAR" };

    private ArithmeticOpcodes() {
    }

    static void register(OpcodeTable t) {
        registerAlu(t);
        registerShifts(t);
        registerUnaryGroups(t);
        t.add("84 /r", "TEST Eb,Gb", Flow.R_R);
        t.add("85 /r", "TEST Ev,Gv", Flow.R_R);
        t.add("A8", "TEST AL,Ib", Flow.R_R);
        t.add("A9", "TEST rAX,Iz", Flow.R_R);
        t.add("0F AF /r", "IMUL Gv,Ev", Flow.RW_R);
        t.add("69 /r", "IMUL Gv,Ev,Iz", Flow.W_R_R);
        t.add("6B /r", "IMUL Gv,Ev,Ibs", Flow.W_R_R);
        t.add("98", "CBW|CWDE|CDQE", Flow.NONE);
        t.add("99", "CWD|CDQ|CQO", Flow.NONE);
    }

    private static void registerAlu(OpcodeTable t) {
        for (int op = 0; op < ALU.length; op++) {
            String name = ALU[op];
            Flow destination = name.equals("CMP") ? Flow.R_R : Flow.RW_R;
            t.add(OpcodeTable.hex(op * 8) + " /r", name + " Eb,Gb", destination);
            t.add(OpcodeTable.hex(op * 8 + 1) + " /r", name + " Ev,Gv", destination);
            t.add(OpcodeTable.hex(op * 8 + 2) + " /r", name + " Gb,Eb", destination);
            t.add(OpcodeTable.hex(op * 8 + 3) + " /r", name + " Gv,Ev", destination);
            t.add(OpcodeTable.hex(op * 8 + 4), name + " AL,Ib", destination);
            t.add(OpcodeTable.hex(op * 8 + 5), name + " rAX,Iz", destination);
            t.add("80 /" + op, name + " Eb,Ib", destination);
            t.add("81 /" + op, name + " Ev,Iz", destination);
            t.add("83 /" + op, name + " Ev,Ibs", destination);
        }
    }

    private static void registerShifts(OpcodeTable t) {
        for (int op = 0; op < SHIFTS.length; op++) {
            String name = SHIFTS[op];
            t.add("C0 /" + op, name + " Eb,Ib", Flow.RW_R);
            t.add("C1 /" + op, name + " Ev,Ib", Flow.RW_R);
            // D0/D1 shift by one: the count is implicit, objdump prints no operand for it
            t.add("D0 /" + op, name + " Eb", Flow.RW);
            t.add("D1 /" + op, name + " Ev", Flow.RW);
            t.add("D2 /" + op, name + " Eb,CL", Flow.RW_R);
            t.add("D3 /" + op, name + " Ev,CL", Flow.RW_R);
        }
        t.add("0F A4 /r", "SHLD Ev,Gv,Ib", Flow.RW_R_R);
        t.add("0F A5 /r", "SHLD Ev,Gv,CL", Flow.RW_R_R);
        t.add("0F AC /r", "SHRD Ev,Gv,Ib", Flow.RW_R_R);
        t.add("0F AD /r", "SHRD Ev,Gv,CL", Flow.RW_R_R);
    }

    /** Groups 3 (F6/F7), 4 (FE) and the arithmetic half of group 5 (FF). */
    private static void registerUnaryGroups(OpcodeTable t) {
        // /1 is the undocumented alias of TEST /0
        for (int op = 0; op < 2; op++) {
            t.add("F6 /" + op, "TEST Eb,Ib", Flow.R_R);
            t.add("F7 /" + op, "TEST Ev,Iz", Flow.R_R);
        }
        String[] group3 = { null, null, "NOT", "NEG", "MUL", "IMUL", "DIV", "IDIV" };
        for (int op = 2; op < group3.length; op++) {
            // MUL..IDIV also read and write rAX/rDX implicitly; their explicit operand is only read
            Flow flow = op < 4 ? Flow.RW : Flow.R;
            t.add("F6 /" + op, group3[op] + " Eb", flow);
            t.add("F7 /" + op, group3[op] + " Ev", flow);
        }
        t.add("FE /0", "INC Eb", Flow.RW);
        t.add("FE /1", "DEC Eb", Flow.RW);
        t.add("FF /0", "INC Ev", Flow.RW);
        t.add("FF /1", "DEC Ev", Flow.RW);
    }
}
