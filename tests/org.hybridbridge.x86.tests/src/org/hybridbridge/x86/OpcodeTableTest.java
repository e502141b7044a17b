package org.hybridbridge.x86;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** The tables are data: check that they are consistent, so a typo fails here and not in a decode. */
class OpcodeTableTest {

    private final List<OpcodeEntry> entries = OpcodeTable.instance().allEntries();

    @Test
    void everyRowHasOneAccessPerOperand() {
        for (OpcodeEntry entry : entries) {
            assertEquals(entry.operands().size(), entry.flow().operandCount(), entry.toString());
        }
    }

    @Test
    void noTwoRowsMatchTheSameEncoding() {
        Set<String> keys = new HashSet<>();
        for (OpcodeEntry entry : entries) {
            String key = entry.map() + "/" + entry.opcode() + "/" + entry.prefix() + "/" + entry.reg() + "/"
                    + entry.mod() + "/" + entry.rm();
            assertTrue(keys.add(key), "duplicate row " + entry);
        }
    }

    @Test
    void alternativeMnemonicsComeInTwosOrThrees() {
        for (OpcodeEntry entry : entries) {
            assertTrue(entry.mnemonics().size() <= 3, entry.toString());
        }
    }

    @Test
    void coversTheClaimedInstructionFamilies() {
        Set<Mnemonic> known = new HashSet<>();
        entries.forEach(entry -> known.addAll(entry.mnemonics()));
        for (Mnemonic claimed : new Mnemonic[] { Mnemonic.SHLD, Mnemonic.CMPXCHG16B, Mnemonic.TZCNT, Mnemonic.LZCNT,
                Mnemonic.POPCNT, Mnemonic.SWAPGS, Mnemonic.RDTSCP, Mnemonic.XSAVEOPT, Mnemonic.ENDBR64,
                Mnemonic.PMOVMSKB, Mnemonic.PSLLDQ, Mnemonic.PUNPCKLQDQ, Mnemonic.CQO, Mnemonic.IRETQ }) {
            assertTrue(known.contains(claimed), claimed.toString());
        }
        assertEquals(known, Set.of(Mnemonic.values()), "every mnemonic constant is used by a row");
    }
}
