package org.hybridbridge.x86;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * All opcode table rows, indexed by map and opcode byte. The rows are written by the family
 * classes ({@link ArithmeticOpcodes}, {@link DataMovementOpcodes}, ...) in a compact notation
 * close to the SDM's opcode column and operand notation:
 *
 * <pre>
 *   add("83 /0",        "ADD Ev,Ibs", Flow.RW_R);   // group: ModRM.reg selects the row
 *   add("F3 0F 10",     "MOVSS Vx,Wss", Flow.RW_R); // mandatory prefix
 *   add("50+r d64",     "PUSH Zv", Flow.R);         // register in the opcode, flags after
 *   add("0F 01 F8",     "SWAPGS", Flow.NONE);       // exact ModRM byte (mod = 11)
 *   add("0F C7 /1 mem", "CMPXCHG8B|CMPXCHG16B Mq", Flow.RW);
 * </pre>
 *
 * Key tokens: leading {@code 66}/{@code F2}/{@code F3} (mandatory prefix); {@code 0F}, then
 * {@code 38}/{@code 3A}; the opcode ({@code +r}: eight consecutive opcodes); {@code /r} or
 * {@code /digit}; {@code mem}/{@code reg} (ModRM.mod); an exact ModRM byte; flags {@code d64},
 * {@code f64}, {@code nosuffix}, {@code intel}, {@code indirect}, {@code movabs}, {@code noprefix}.
 */
final class OpcodeTable {

    private static final OpcodeTable INSTANCE = build();

    private final Map<Integer, List<OpcodeEntry>> entries = new HashMap<>();

    private OpcodeTable() {
    }

    static OpcodeTable instance() {
        return INSTANCE;
    }

    private static OpcodeTable build() {
        OpcodeTable table = new OpcodeTable();
        ArithmeticOpcodes.register(table);
        BitOpcodes.register(table);
        DataMovementOpcodes.register(table);
        ControlFlowOpcodes.register(table);
        StringOpcodes.register(table);
        SystemOpcodes.register(table);
        SseOpcodes.register(table);
        ExtensionOpcodes.register(table);
        X87Opcodes.register(table);
        table.entries.values().forEach(list -> list.sort(Comparator.comparingInt(OpcodeEntry::specificity).reversed()));
        return table;
    }

    /**
     * @param map    1..4 (see {@link OpcodeEntry#map()})
     * @param opcode the opcode byte
     * @return the rows for that opcode, narrowest first; empty when the opcode is unknown
     */
    List<OpcodeEntry> candidates(int map, int opcode) {
        return entries.getOrDefault(key(map, opcode), List.of());
    }

    /** @return every row, for tests that check the tables' consistency */
    List<OpcodeEntry> allEntries() {
        return entries.values().stream().flatMap(List::stream).toList();
    }

    /**
     * Adds one row.
     *
     * @param encoding the opcode, prefixes, ModRM constraints and flags (see the class comment)
     * @param form     the mnemonic and operand columns in SDM notation
     * @param flow     what the instruction does with each operand
     */
    void add(String encoding, String form, Flow flow) {
        String[] formParts = form.split(" ", 2);
        List<Mnemonic> mnemonics = Arrays.stream(formParts[0].split("\\|")).map(Mnemonic::valueOf).toList();
        List<OperandSpec> operands = formParts.length == 1 ? List.of()
                : Arrays.stream(formParts[1].split(",")).map(OperandSpec::parse).toList();
        if (operands.size() != flow.operandCount()) {
            throw new IllegalArgumentException(form + ": flow " + flow + " does not match the operands");
        }
        EncodingKey key = EncodingKey.parse(encoding);
        boolean modRm = key.modRm || operands.stream().anyMatch(OperandSpec::usesModRm);
        for (int i = 0; i < key.opcodeCount; i++) {
            OpcodeEntry entry = new OpcodeEntry(key.map, key.opcode + i, key.prefix, modRm, key.reg, key.mod, key.rm,
                    mnemonics, operands, flow, key.flags);
            List<OpcodeEntry> list = entries.computeIfAbsent(key(key.map, key.opcode + i), k -> new ArrayList<>());
            if (!list.isEmpty() && list.get(0).modRm() != modRm) {
                throw new IllegalArgumentException(encoding + ": rows of one opcode disagree on ModRM");
            }
            list.add(entry);
        }
    }

    /** @return the opcode as two hex digits, for rows written in loops */
    static String hex(int opcode) {
        return String.format("%02X", opcode);
    }

    private static int key(int map, int opcode) {
        return map << 8 | opcode;
    }

    /** The parsed encoding column of one row. */
    private static final class EncodingKey {
        MandatoryPrefix prefix = MandatoryPrefix.NONE;
        int map = 1;
        int opcode = -1;
        int opcodeCount = 1;
        boolean modRm;
        int reg = -1;
        int mod = OpcodeEntry.MOD_ANY;
        int rm = -1;
        int flags;

        static EncodingKey parse(String encoding) {
            EncodingKey key = new EncodingKey();
            for (String token : encoding.split(" ")) {
                key.accept(token.toLowerCase(Locale.ROOT));
            }
            if (key.opcode < 0) {
                throw new IllegalArgumentException("no opcode in " + encoding);
            }
            return key;
        }

        private void accept(String token) {
            switch (token) {
                case "d64" -> flags |= OpcodeEntry.FLAG_DEFAULT_64;
                case "f64" -> flags |= OpcodeEntry.FLAG_FORCE_64;
                case "nosuffix" -> flags |= OpcodeEntry.FLAG_NO_SUFFIX;
                case "intel" -> flags |= OpcodeEntry.FLAG_INTEL_ORDER;
                case "indirect" -> flags |= OpcodeEntry.FLAG_INDIRECT_BRANCH;
                case "movabs" -> flags |= OpcodeEntry.FLAG_MOVABS;
                case "noprefix" -> flags |= OpcodeEntry.FLAG_NO_PREFIXES;
                case "mem" -> mod = OpcodeEntry.MOD_MEMORY;
                case "reg" -> mod = OpcodeEntry.MOD_REGISTER;
                case "/r" -> modRm = true;
                default -> acceptByte(token);
            }
        }

        private void acceptByte(String token) {
            if (token.startsWith("/")) {
                modRm = true;
                reg = Integer.parseInt(token.substring(1));
                return;
            }
            boolean registerInOpcode = token.endsWith("+r");
            int value = Integer.parseInt(registerInOpcode ? token.substring(0, token.length() - 2) : token, 16);
            if (opcode >= 0) {
                // a byte after the opcode is the complete ModRM byte of a register form
                modRm = true;
                mod = OpcodeEntry.MOD_REGISTER;
                reg = (value >> 3) & 7;
                rm = value & 7;
            } else if (map == 1 && value == 0x0F) {
                map = 2;
            } else if (map == 2 && (value == 0x38 || value == 0x3A)) {
                map = value == 0x38 ? 3 : 4;
            } else if (map == 1 && (value == 0x66 || value == 0xF2 || value == 0xF3)) {
                prefix = MandatoryPrefix.of(value);
            } else {
                opcode = value;
                opcodeCount = registerInOpcode ? 8 : 1;
            }
        }
    }
}
