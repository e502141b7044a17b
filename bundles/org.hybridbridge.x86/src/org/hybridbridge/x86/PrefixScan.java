package org.hybridbridge.x86;

import java.util.ArrayList;
import java.util.List;

/**
 * The prefix bytes in front of an opcode, before the table row is known: which of F2, F3 and
 * 66 are mandatory prefixes is only decided by the row.
 */
final class PrefixScan {

    private final List<Integer> legacyBytes = new ArrayList<>();
    private int rex;
    private int lastRepeatPrefix;
    private Register segment;

    private PrefixScan() {
    }

    static PrefixScan read(InstructionBytes in) throws DecodeException {
        PrefixScan scan = new PrefixScan();
        while (true) {
            int b = in.peek();
            if (isLegacyPrefix(b)) {
                // a REX prefix only counts right before the opcode
                scan.rex = 0;
                scan.accept(b);
            } else if ((b & 0xF0) == 0x40) {
                scan.rex = b;
            } else {
                return scan;
            }
            in.next();
        }
    }

    private static boolean isLegacyPrefix(int b) {
        return switch (b) {
            case 0xF0, 0xF2, 0xF3, 0x2E, 0x36, 0x3E, 0x26, 0x64, 0x65, 0x66, 0x67 -> true;
            default -> false;
        };
    }

    private void accept(int b) {
        legacyBytes.add(b);
        switch (b) {
            case 0xF2, 0xF3 -> lastRepeatPrefix = b;
            case 0x64 -> segment = Register.FS;
            case 0x65 -> segment = Register.GS;
            default -> {
                // CS/DS/ES/SS overrides do nothing in long mode; LOCK, 66, 67 are looked up in legacyBytes
            }
        }
    }

    /** @return F2 or F3, whichever came last, or 0 */
    int lastRepeatPrefix() {
        return lastRepeatPrefix;
    }

    boolean hasOperandSizePrefix() {
        return legacyBytes.contains(0x66);
    }

    boolean hasAnyPrefix() {
        return rex != 0 || !legacyBytes.isEmpty();
    }

    boolean rexB() {
        return (rex & 1) != 0;
    }

    /**
     * @param mandatory the prefix the chosen row consumes
     * @return the prefixes with the meaning they keep for that row
     */
    Prefixes meaningFor(MandatoryPrefix mandatory) {
        int repeat = mandatory == MandatoryPrefix.PF2 || mandatory == MandatoryPrefix.PF3 ? 0 : lastRepeatPrefix;
        return new Prefixes(legacyBytes.contains(0xF0), repeat == 0xF3, repeat == 0xF2,
                hasOperandSizePrefix() && mandatory != MandatoryPrefix.P66, legacyBytes.contains(0x67), segment, rex,
                legacyBytes);
    }
}
