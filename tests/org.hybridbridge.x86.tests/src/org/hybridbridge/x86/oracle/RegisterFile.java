package org.hybridbridge.x86.oracle;

import java.util.ArrayList;
import java.util.List;

import org.hybridbridge.x86.Register;

/**
 * The user-mode registers a lockstep compares after every instruction: the sixteen GPRs (by
 * encoding number), RIP, RFLAGS, the FS and GS bases and XMM0-15 (low, high quadword each).
 */
record RegisterFile(long[] gprs, long rip, long rflags, long fsBase, long gsBase, long[] xmm) {

    /**
     * @param flagMask the RFLAGS bits that must agree (the instruction's undefined flags left out)
     * @return one line per register that differs, {@code this} named {@code ours}, {@code other} {@code theirs}
     */
    List<String> differences(RegisterFile other, long flagMask, String ours, String theirs) {
        List<String> differences = new ArrayList<>();
        for (int i = 0; i < gprs.length; i++) {
            compare(differences, Register.gpr(i, 64, true).attName(), gprs[i], other.gprs[i], ours, theirs);
        }
        compare(differences, "rip", rip, other.rip, ours, theirs);
        compare(differences, String.format("rflags&%#x", flagMask), rflags & flagMask, other.rflags & flagMask, ours,
                theirs);
        compare(differences, "fs_base", fsBase, other.fsBase, ours, theirs);
        compare(differences, "gs_base", gsBase, other.gsBase, ours, theirs);
        for (int i = 0; i < xmm.length; i++) {
            compare(differences, "xmm" + i / 2 + (i % 2 == 0 ? ".lo" : ".hi"), xmm[i], other.xmm[i], ours, theirs);
        }
        return differences;
    }

    private static void compare(List<String> differences, String name, long a, long b, String ours, String theirs) {
        if (a != b) {
            differences.add(String.format("%s: %s %#x, %s %#x", name, ours, a, theirs, b));
        }
    }
}
