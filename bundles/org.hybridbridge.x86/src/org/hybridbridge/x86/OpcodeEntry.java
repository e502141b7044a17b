package org.hybridbridge.x86;

import java.util.List;

/**
 * One row of an opcode table: which encodings it matches (map, opcode byte, mandatory prefix,
 * ModRM constraints) and what they decode to (mnemonic, operand columns, access pattern,
 * operand-size rules and objdump spelling hints).
 *
 * @param map         1 = one-byte map, 2 = 0F, 3 = 0F 38, 4 = 0F 3A
 * @param opcode      the opcode byte
 * @param prefix      the mandatory prefix
 * @param modRm       whether the opcode is followed by a ModRM byte
 * @param reg         required ModRM.reg, or -1
 * @param mod         {@link #MOD_ANY}, {@link #MOD_MEMORY} or {@link #MOD_REGISTER}
 * @param rm          required ModRM.rm (only with {@link #MOD_REGISTER}), or -1
 * @param mnemonics   one mnemonic, or alternatives chosen by operand size (16/32/64) when there
 *                    are three, by REX.W when there are two
 * @param operands    the operand columns in Intel order
 * @param flow        what the instruction does with each operand
 * @param flags       bit set of the {@code FLAG_} constants
 */
record OpcodeEntry(int map, int opcode, MandatoryPrefix prefix, boolean modRm, int reg, int mod, int rm,
        List<Mnemonic> mnemonics, List<OperandSpec> operands, Flow flow, int flags) {

    static final int MOD_ANY = 0;
    static final int MOD_MEMORY = 1;
    static final int MOD_REGISTER = 2;

    /** Operand size defaults to 64 bits; 66 selects 16 ({@code push}, {@code pop}, near indirect branches). */
    static final int FLAG_DEFAULT_64 = 1;
    /** Operand size is 64 bits whatever the prefixes ({@code call rel32}, {@code jcc}). */
    static final int FLAG_FORCE_64 = 2;
    /** objdump never adds an operand-size suffix ({@code setcc}, {@code push}). */
    static final int FLAG_NO_SUFFIX = 4;
    /** objdump keeps the Intel operand order ({@code enter $0x10,$0x0}). */
    static final int FLAG_INTEL_ORDER = 8;
    /** Indirect branch: objdump prints a {@code *} before the operand and 3E as {@code notrack}. */
    static final int FLAG_INDIRECT_BRANCH = 16;
    /** 8-byte immediate with REX.W (MOV Zv,Iv), spelled {@code movabs}. */
    static final int FLAG_MOVABS = 32;
    /** A 66, F2 or F3 prefix in front makes the encoding undefined, as for SSE opcodes ({@code movnti}, {@code emms}). */
    static final int FLAG_NO_PREFIXES = 64;

    boolean has(int flag) {
        return (flags & flag) != 0;
    }

    boolean matches(int modRmByte) {
        boolean register = (modRmByte >> 6) == 3;
        return (reg < 0 || reg == ((modRmByte >> 3) & 7))
                && (mod == MOD_ANY || (mod == MOD_REGISTER) == register)
                && (rm < 0 || rm == (modRmByte & 7));
    }

    /** @return how narrowly this entry matches, so the narrowest candidate is tried first */
    int specificity() {
        return (rm >= 0 ? 4 : 0) + (reg >= 0 ? 2 : 0) + (mod != MOD_ANY ? 1 : 0);
    }

    /** @return whether a 66 prefix changes what this row decodes to (objdump prints an unused one as {@code data16}) */
    boolean honoursOperandSizePrefix() {
        return mnemonics.size() == 3 || has(FLAG_DEFAULT_64)
                || !has(FLAG_FORCE_64) && operands.stream().anyMatch(op -> op.size().followsOperandSizePrefix());
    }

    /** @return whether REX.W changes what this row decodes to (64-bit default rows ignore it) */
    boolean honoursRexW() {
        return mnemonics.size() > 1 || !has(FLAG_FORCE_64) && !has(FLAG_DEFAULT_64)
                && operands.stream().anyMatch(op -> op.size().followsRexW());
    }
}
