package org.hybridbridge.x86;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Decodes every instruction objdump lists in a section and compares length and AT&T text with
 * objdump's. Instructions the decoder rejects are counted apart, by objdump's mnemonic, so the
 * agreement on what the decoder claims to know stays visible.
 */
final class LockstepComparison {

    private static final int EXAMPLES_KEPT = 40;

    private int total;
    private int identical;
    private int bothRejected;
    private final List<String> differences = new ArrayList<>();
    private int differenceCount;
    private final Map<String, Integer> rejectedByMnemonic = new TreeMap<>();
    private int rejected;

    static LockstepComparison run(ElfSection section, List<ObjdumpListing.Line> listing) {
        LockstepComparison comparison = new LockstepComparison();
        for (int i = 0; i < listing.size(); i++) {
            ObjdumpListing.Line line = listing.get(i);
            long end = i + 1 < listing.size() ? listing.get(i + 1).address() : section.address() + section.bytes().length;
            comparison.compare(section, line, (int) (end - line.address()));
        }
        return comparison;
    }

    private void compare(ElfSection section, ObjdumpListing.Line line, int expectedLength) {
        total++;
        String objdumpMnemonic = line.text().split("\\s+")[0];
        try {
            Instruction instruction = Decoder.decode(section.bytes(), (int) (line.address() - section.address()),
                    line.address());
            String text = AttSyntax.format(instruction);
            if (instruction.length() == expectedLength && text.equals(line.text())) {
                identical++;
            } else {
                differenceCount++;
                if (differences.size() < EXAMPLES_KEPT) {
                    differences.add(String.format("%x: objdump '%s' (%d bytes), decoder '%s' (%d bytes)",
                            line.address(), line.text(), expectedLength, text, instruction.length()));
                }
            }
        } catch (DecodeException e) {
            if (objdumpMnemonic.equals("(bad)")) {
                bothRejected++;
                identical++;
            } else {
                rejected++;
                rejectedByMnemonic.merge(objdumpMnemonic, 1, Integer::sum);
            }
        }
    }

    int total() {
        return total;
    }

    int identical() {
        return identical;
    }

    int differenceCount() {
        return differenceCount;
    }

    int rejected() {
        return rejected;
    }

    /** @return objdump's mnemonics of the instructions the decoder rejected */
    Set<String> rejectedMnemonics() {
        return rejectedByMnemonic.keySet();
    }

    /** @return identical / (total - rejected): agreement on the instructions the decoder decodes */
    double agreementOnDecoded() {
        int decoded = total - rejected;
        return decoded == 0 ? 1 : (double) identical / decoded;
    }

    String report(String name) {
        StringBuilder text = new StringBuilder();
        text.append(String.format("%s: %d instructions, %d identical (%.4f%% of all, %.4f%% of decoded),"
                + " %d different, %d rejected by the decoder, %d rejected by both%n", name, total, identical,
                100.0 * identical / Math.max(1, total), 100.0 * agreementOnDecoded(), differenceCount, rejected,
                bothRejected));
        differences.forEach(d -> text.append("  differs ").append(d).append('\n'));
        if (!rejectedByMnemonic.isEmpty()) {
            text.append("  rejected, by objdump mnemonic: ").append(rejectedByMnemonic).append('\n');
        }
        return text.toString();
    }
}
