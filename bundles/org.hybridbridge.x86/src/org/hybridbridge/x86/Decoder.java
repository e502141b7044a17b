package org.hybridbridge.x86;

import java.util.ArrayList;
import java.util.List;

/**
 * Decodes x86-64 instructions of 64-bit long mode from the opcode tables ({@link OpcodeTable}).
 * Thread-safe and stateless.
 */
public final class Decoder {

    private static final int OPCODE_NOP = 0x90;
    private static final int OPCODE_FWAIT = 0x9B;
    /** The x87 escape opcodes D8..DF. */
    private static final int X87_FIRST = 0xD8, X87_LAST = 0xDF;

    private Decoder() {
    }

    /**
     * Decodes the instruction that starts at {@code code[offset]}.
     *
     * @param code    the bytes; the instruction may end anywhere before {@code code.length}
     * @param offset  where the instruction starts in {@code code}
     * @param address the address of {@code code[offset]}, for RIP-relative and branch targets
     * @return the instruction
     * @throws DecodeException if the bytes are not an instruction the tables know, or are cut off
     */
    public static Instruction decode(byte[] code, int offset, long address) throws DecodeException {
        InstructionBytes in = new InstructionBytes(code, offset, address);
        PrefixScan scan = PrefixScan.read(in);
        int first = in.next();
        if (first == 0xC4 || first == 0xC5 || first == 0x62) {
            throw in.error(first == 0x62 ? "EVEX-encoded instructions are not supported"
                    : "VEX-encoded instructions are not supported");
        }
        if (first == OPCODE_FWAIT && scan.hasAnyPrefix()) {
            // objdump (and the x87 spelling it follows) reads 9B as a prefix of the next x87 opcode
            throw in.error("fwait after prefixes is not supported");
        }
        if (first == OPCODE_FWAIT && in.hasNext() && in.peek() >= X87_FIRST && in.peek() <= X87_LAST) {
            // objdump reads fwait and the x87 instruction after it as one ("fclex" = fwait; fnclex)
            throw in.error("fwait before an x87 instruction is not supported");
        }
        int map = 1;
        int opcode = first;
        if (opcode == 0x0F) {
            map = 2;
            opcode = in.next();
            if (opcode == 0x38 || opcode == 0x3A) {
                map = opcode == 0x38 ? 3 : 4;
                opcode = in.next();
            }
        }
        List<OpcodeEntry> candidates = OpcodeTable.instance().candidates(map, opcode);
        if (candidates.isEmpty()) {
            throw in.error("unknown opcode");
        }
        int modRmByte = candidates.get(0).modRm() ? in.next() : -1;
        OpcodeEntry entry = select(candidates, scan, modRmByte);
        if (entry == null) {
            throw in.error("no instruction for this opcode with these prefixes and ModRM");
        }
        if (map == 1 && opcode == OPCODE_NOP && entry.mnemonics().get(0) == Mnemonic.NOP
                && (scan.rexB() || scan.hasOperandSizePrefix())) {
            // 90 is xchg rAX,rAX: plain it is NOP, but with REX.B it swaps r8, and objdump shows 66 90 as xchg %ax,%ax
            entry = OpcodeTable.instance().candidates(1, 0x91).get(0);
        }
        Prefixes prefixes = scan.meaningFor(entry.prefix());
        int operandSize = operandSize(entry, prefixes);
        int addressSize = prefixes.addressSizeOverride() ? 32 : 64;
        // mov to/from CR/DR ignores ModRM.mod: no SIB or displacement follows whatever it says
        boolean registerOnly = entry.operands().stream().anyMatch(op -> op.addressing() == Addressing.R);
        ModRm modRm = modRmByte < 0 ? null
                : ModRm.read(in, registerOnly ? modRmByte | 0xC0 : modRmByte, prefixes, addressSize);
        OperandBuilder builder = new OperandBuilder(in, prefixes, modRm, opcode, operandSize, addressSize);
        List<Operand> operands = new ArrayList<>();
        for (int i = 0; i < entry.operands().size(); i++) {
            operands.add(builder.build(entry.operands().get(i), entry.flow().access(i)));
        }
        long nextAddress = address + in.length();
        operands.replaceAll(operand -> resolveRipRelative(operand, nextAddress));
        EncodingNotes notes = new EncodingNotes(isRexUnused(prefixes, entry, builder),
                modRm != null && modRm.sibWithoutIndex);
        return new Instruction(address, in.consumed(), prefixes, operandSize, addressSize, operands, entry,
                mnemonic(entry, operandSize, prefixes), notes);
    }

    private static boolean isRexUnused(Prefixes prefixes, OpcodeEntry entry, OperandBuilder builder) {
        if (!prefixes.hasRex()) {
            return false;
        }
        int bits = prefixes.rex() & 0xF;
        int used = builder.rexBitsUsed() | (entry.honoursRexW() ? ModRm.REX_W : 0);
        return bits == 0 ? !builder.byteRegisterNeedsRex() : (bits & ~used) != 0;
    }

    /**
     * Picks the row: one whose mandatory prefix is present wins (the last of F2/F3, then 66),
     * then a row without one; among those, the narrowest ModRM match. On an opcode whose rows
     * are told apart by prefixes, a 66/F2/F3 that selects no row makes the encoding undefined
     * (objdump's {@code (bad)}), except 66 as the operand size of a row that has one, and
     * except the reserved-NOP rows, which ignore prefixes.
     */
    private static OpcodeEntry select(List<OpcodeEntry> candidates, PrefixScan scan, int modRmByte) {
        OpcodeEntry plain = match(candidates, MandatoryPrefix.NONE, modRmByte);
        boolean prefixesSelectRows = plain != null && plain.has(OpcodeEntry.FLAG_NO_PREFIXES)
                || candidates.stream().anyMatch(e -> e.prefix() != MandatoryPrefix.NONE);
        boolean prefixesIgnored = plain != null && plain.mnemonics().get(0) == Mnemonic.NOP;
        if (scan.lastRepeatPrefix() != 0) {
            OpcodeEntry entry = match(candidates, MandatoryPrefix.of(scan.lastRepeatPrefix()), modRmByte);
            if (entry != null || prefixesSelectRows && !prefixesIgnored) {
                return entry;
            }
        }
        if (scan.hasOperandSizePrefix()) {
            OpcodeEntry entry = match(candidates, MandatoryPrefix.P66, modRmByte);
            if (entry != null) {
                return entry;
            }
        }
        if (plain == null || !prefixesSelectRows || prefixesIgnored) {
            return plain;
        }
        return scan.hasOperandSizePrefix() && !plain.honoursOperandSizePrefix() ? null : plain;
    }

    private static OpcodeEntry match(List<OpcodeEntry> candidates, MandatoryPrefix prefix, int modRmByte) {
        for (OpcodeEntry entry : candidates) {
            if (entry.prefix() == prefix && (modRmByte < 0 || entry.matches(modRmByte))) {
                return entry;
            }
        }
        return null;
    }

    private static int operandSize(OpcodeEntry entry, Prefixes prefixes) {
        if (entry.has(OpcodeEntry.FLAG_FORCE_64) || prefixes.rexW()) {
            return 64;
        }
        if (prefixes.operandSizeOverride()) {
            return 16;
        }
        return entry.has(OpcodeEntry.FLAG_DEFAULT_64) ? 64 : 32;
    }

    private static Mnemonic mnemonic(OpcodeEntry entry, int operandSize, Prefixes prefixes) {
        List<Mnemonic> names = entry.mnemonics();
        return switch (names.size()) {
            case 1 -> names.get(0);
            case 2 -> names.get(prefixes.rexW() ? 1 : 0);
            default -> names.get(operandSize == 16 ? 0 : operandSize == 32 ? 1 : 2);
        };
    }

    private static Operand resolveRipRelative(Operand operand, long nextAddress) {
        if (operand instanceof MemoryOperand m && m.isRipRelative()) {
            long target = nextAddress + m.displacement();
            if (m.base() == Register.EIP) {
                target &= 0xFFFF_FFFFL;
            }
            return new MemoryOperand(m.segment(), m.base(), m.index(), m.scale(), m.displacement(),
                    m.displacementSize(), target, m.bits(), m.access());
        }
        return operand;
    }
}
