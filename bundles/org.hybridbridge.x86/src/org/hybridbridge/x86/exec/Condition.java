package org.hybridbridge.x86.exec;

import static org.hybridbridge.x86.exec.CpuState.CF;
import static org.hybridbridge.x86.exec.CpuState.OF;
import static org.hybridbridge.x86.exec.CpuState.PF;
import static org.hybridbridge.x86.exec.CpuState.SF;
import static org.hybridbridge.x86.exec.CpuState.ZF;

import org.hybridbridge.x86.Mnemonic;

/** The sixteen condition codes of Jcc, SETcc and CMOVcc, in encoding order. */
enum Condition {
    O, NO, B, AE, E, NE, BE, A, S, NS, P, NP, L, GE, LE, G;

    /** @return whether the condition holds for {@code rflags} */
    boolean holds(long rflags) {
        // odd encodings are the negation of the even one before them
        return base(rflags) != ((ordinal() & 1) != 0);
    }

    private boolean base(long rflags) {
        return switch (ordinal() >> 1) {
            case 0 -> (rflags & OF) != 0;
            case 1 -> (rflags & CF) != 0;
            case 2 -> (rflags & ZF) != 0;
            case 3 -> (rflags & (CF | ZF)) != 0;
            case 4 -> (rflags & SF) != 0;
            case 5 -> (rflags & PF) != 0;
            case 6 -> ((rflags & SF) != 0) != ((rflags & OF) != 0);
            default -> (rflags & ZF) != 0 || ((rflags & SF) != 0) != ((rflags & OF) != 0);
        };
    }

    /** @return the mnemonic {@code prefix} + this condition, e.g. {@code JNE}, {@code CMOVA} */
    Mnemonic mnemonic(String prefix) {
        return Mnemonic.valueOf(prefix + name());
    }
}
