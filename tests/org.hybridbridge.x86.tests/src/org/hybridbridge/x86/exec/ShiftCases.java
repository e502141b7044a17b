package org.hybridbridge.x86.exec;

import static org.hybridbridge.x86.exec.CpuState.CF;

import java.util.Arrays;
import java.util.List;

/** Oracle cases of SHL/SAL, SHR, SAR, ROL, ROR, RCL, RCR, SHLD and SHRD. */
final class ShiftCases {

    /** Group 2 by ModRM.reg; /6 is SAL, the undocumented alias of SHL. */
    private static final String[] SHIFTS = { "ROL", "ROR", "RCL", "RCR", "SHL", "SHR", "SAL", "SAR" };
    private static final int[] COUNTS = { 0, 1, 2, 3, 7, 8, 9, 15, 16, 17, 31, 32, 33, 63, 64, 65, 127, 255 };
    private static final int MEMORY = 0x80;

    private ShiftCases() {
    }

    static void addTo(List<Snippet> cases) {
        shifts(cases);
        doubleShifts(cases);
    }

    private static void shifts(List<Snippet> cases) {
        int i = 0;
        for (int op = 0; op < SHIFTS.length; op++) {
            for (int bits : Values.SIZES) {
                int byteForm = bits == 8 ? 0 : 1;
                long[] values = Values.edgesAndRandom(bits, 4);
                for (long value : Arrays.copyOfRange(values, values.length - 11, values.length)) {
                    int dst = Values.register(i);
                    for (int count : COUNTS) {
                        int src = dst == Insn.RCX ? Insn.RDX : dst;
                        long flags = Values.flags(i++);
                        cases.add(new Snippet(SHIFTS[op] + " Ev,Ib " + bits + " reg",
                                new Insn(bits).op(0xC0 + byteForm).ext(op).rm(dst).imm(count, 1).bytes())
                                .setLow(dst, bits, value).flags(flags));
                        cases.add(new Snippet(SHIFTS[op] + " Ev,CL " + bits + " reg",
                                new Insn(bits).op(0xD2 + byteForm).ext(op).rm(src).bytes())
                                .setLow(src, bits, value).setLow(Insn.RCX, 8, count).flags(flags ^ CF));
                    }
                    cases.add(new Snippet(SHIFTS[op] + " Ev,1 " + bits + " reg",
                            new Insn(bits).op(0xD0 + byteForm).ext(op).rm(dst).bytes())
                            .setLow(dst, bits, value).flags(Values.flags(i++)));
                    int count = COUNTS[i % COUNTS.length];
                    cases.add(new Snippet(SHIFTS[op] + " Ev,CL " + bits + " mem",
                            new Insn(bits).op(0xD2 + byteForm).ext(op).mem(MEMORY).bytes())
                            .store(MEMORY, value, bits / 8).setLow(Insn.RCX, 8, count).flags(Values.flags(i++)));
                }
            }
        }
    }

    private static void doubleShifts(List<Snippet> cases) {
        int i = 0;
        String[] names = { "SHLD", "SHRD" };
        for (int n = 0; n < 2; n++) {
            for (int bits : Values.WIDE_SIZES) {
                for (long a : Values.someEdges(bits, 6)) {
                    for (long b : Values.someEdges(bits, 6)) {
                        int dst = Values.register(i);
                        int src = Values.otherRegister(i, dst);
                        if (dst == Insn.RCX || src == Insn.RCX) {
                            dst = Insn.RSI;
                            src = Insn.RDI;
                        }
                        for (int count : COUNTS) {
                            cases.add(new Snippet(names[n] + " Ev,Gv,Ib " + bits,
                                    new Insn(bits).op(0x0F, 0xA4 + 8 * n).reg(src).rm(dst).imm(count, 1).bytes())
                                    .setLow(dst, bits, a).setLow(src, bits, b).flags(Values.flags(i++)));
                            cases.add(new Snippet(names[n] + " Ev,Gv,CL " + bits + " mem",
                                    new Insn(bits).op(0x0F, 0xA5 + 8 * n).reg(src).mem(MEMORY).bytes())
                                    .store(MEMORY, a, bits / 8).setLow(src, bits, b).setLow(Insn.RCX, 8, count)
                                    .flags(Values.flags(i++)));
                        }
                    }
                }
            }
        }
    }
}
