package org.hybridbridge.x86;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.hybridbridge.testing.Requirements;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Random encodings (fixed seed) around the opcodes the tables know, with random prefixes,
 * REX, ModRM, SIB and tails, decoded by the decoder and by objdump. Where objdump says
 * {@code (bad)} the decoder must reject too (it never guesses); where the decoder decodes, it
 * must agree with objdump on the length always, and on the text but for at most 1% of the
 * candidates (the remaining differences are how objdump spells redundant prefixes on exotic
 * encodings, listed in the printed report).
 *
 * <p>objdump decodes with {@code -M intel64}: the decoder follows Intel 64, where a 66 prefix
 * does not shorten the offset of a near branch (AMD64, objdump's default, honours it).
 *
 * <p>Each candidate sits in its own 32-byte slot: 15 bytes of candidate and 17 {@code int3}
 * bytes, so objdump is back in step at every slot whatever it made of the candidate's tail.
 */
class RandomEncodingLockstepTest {

    private static final int SLOT = 32;
    private static final int CANDIDATES = 20_000;
    private static final int EXAMPLES_KEPT = 30;
    private static final Pattern LINE = Pattern.compile("^\\s*([0-9a-f]+):\\t(.*)$");

    @Test
    void decoderAgreesWithObjdumpOrRejects(@TempDir Path directory) throws Exception {
        Requirements.require(ObjdumpListing.isAvailable(), "objdump is not installed");
        byte[] code = candidates(new Random(20261122));
        Path file = directory.resolve("candidates.bin");
        Files.write(file, code);
        Map<Long, String> objdump = objdumpBinary(file);
        List<String> guesses = new ArrayList<>();
        List<String> lengthDifferences = new ArrayList<>();
        List<String> differences = new ArrayList<>();
        Map<String, Integer> rejected = new TreeMap<>();
        int agreed = 0;
        for (int slot = 0; slot < CANDIDATES; slot++) {
            long address = (long) slot * SLOT;
            String expected = objdump.get(address);
            int expectedLength = lengthAt(objdump, address);
            String bytes = HexFormat.of().formatHex(Arrays.copyOfRange(code, (int) address, (int) address + 15));
            try {
                Instruction instruction = Decoder.decode(code, (int) address, address);
                String text = AttSyntax.format(instruction);
                String difference = String.format("%s: objdump '%s' (%d), decoder '%s' (%d)", bytes, expected,
                        expectedLength, text, instruction.length());
                if (expected.contains("(bad)")) {
                    guesses.add(difference);
                } else if (instruction.length() != expectedLength) {
                    lengthDifferences.add(difference);
                } else if (!text.equals(expected)) {
                    differences.add(difference);
                } else {
                    agreed++;
                }
            } catch (DecodeException e) {
                rejected.merge(expected.split("\\s+")[0], 1, Integer::sum);
            }
        }
        String report = String.format("random encodings: %d, agreed %d, text differs %d, length differs %d,"
                + " decoded where objdump says (bad) %d, rejected (by objdump's first word) %s%n", CANDIDATES, agreed,
                differences.size(), lengthDifferences.size(), guesses.size(), rejected)
                + examples(guesses) + examples(lengthDifferences) + examples(differences);
        System.out.println(report);
        assertTrue(guesses.isEmpty(), report);
        assertTrue(lengthDifferences.isEmpty(), report);
        assertTrue(differences.size() * 100 <= agreed, report);
    }

    private static String examples(List<String> list) {
        return list.stream().limit(EXAMPLES_KEPT).map(line -> "  " + line + "\n").reduce("", String::concat);
    }

    /** Candidates biased to the tables' opcodes, each with random prefixes and a random tail. */
    private static byte[] candidates(Random random) {
        List<int[]> opcodes = new ArrayList<>();
        for (OpcodeEntry entry : OpcodeTable.instance().allEntries()) {
            opcodes.add(new int[] { entry.map(), entry.opcode() });
        }
        byte[] code = new byte[CANDIDATES * SLOT];
        Arrays.fill(code, (byte) 0xCC);
        int[] legacy = { 0x66, 0x66, 0xF3, 0xF2, 0xF0, 0x64, 0x65, 0x2E, 0x3E, 0x67 };
        for (int slot = 0; slot < CANDIDATES; slot++) {
            byte[] candidate = new byte[15];
            random.nextBytes(candidate);
            int at = 0;
            int prefixCount = random.nextInt(3);
            for (int i = 0; i < prefixCount; i++) {
                candidate[at++] = (byte) legacy[random.nextInt(legacy.length)];
            }
            if (random.nextInt(10) < 4) {
                candidate[at++] = (byte) (0x40 + random.nextInt(16));
            }
            int[] opcode = opcodes.get(random.nextInt(opcodes.size()));
            if (opcode[0] >= 2) {
                candidate[at++] = 0x0F;
            }
            if (opcode[0] >= 3) {
                candidate[at++] = (byte) (opcode[0] == 3 ? 0x38 : 0x3A);
            }
            candidate[at] = (byte) opcode[1];
            System.arraycopy(candidate, 0, code, slot * SLOT, candidate.length);
        }
        return code;
    }

    private static Map<Long, String> objdumpBinary(Path file) throws IOException, InterruptedException {
        Process process = new ProcessBuilder("/usr/bin/objdump", "-D", "-b", "binary", "-m", "i386:x86-64",
                "--no-show-raw-insn", "-M", "att,intel64", file.toString()).redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        Map<Long, String> lines = new HashMap<>();
        try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                Matcher matcher = LINE.matcher(line);
                if (matcher.matches()) {
                    lines.put(Long.parseLong(matcher.group(1), 16), matcher.group(2).stripTrailing());
                }
            }
        }
        process.waitFor();
        return lines;
    }

    /** objdump's length of the instruction at {@code address}: up to the next line it printed. */
    private static int lengthAt(Map<Long, String> objdump, long address) {
        int length = 1;
        while (length < SLOT && !objdump.containsKey(address + length)) {
            length++;
        }
        return length;
    }
}
