package org.hybridbridge.x86.exec;

import java.io.ByteArrayOutputStream;

/**
 * Encodes one test instruction from its parts, so the cases read like the SDM's opcode column:
 * {@code new Insn(32).op(0x01).reg(RCX).rm(RDX)} is {@code add edx, ecx}. The operand size
 * gives the 66 prefix (16) and REX.W (64); REX.R/B follow the register numbers; byte operands
 * 4..7 get a REX so they are SPL..DIL (AH..BH need {@link #raw}). Memory operands are
 * {@code [rbx + disp]}: the cases keep the data area's address in RBX.
 */
final class Insn {

    static final int RAX = 0, RCX = 1, RDX = 2, RBX = 3, RSP = 4, RBP = 5, RSI = 6, RDI = 7;

    private final int size;
    private final ByteArrayOutputStream prefixes = new ByteArrayOutputStream();
    private final ByteArrayOutputStream opcode = new ByteArrayOutputStream();
    private final ByteArrayOutputStream tail = new ByteArrayOutputStream();
    private int rex;
    private boolean needsRex;
    private int regField = -1;
    private int rmByte = -1;
    private boolean hasModRm;
    private int modRmMod;
    private int modRmRm;
    private long displacement;
    private boolean noRexW;

    /** @param size the operand size: 8, 16, 32 or 64 */
    Insn(int size) {
        this.size = size;
    }

    /** @return the bytes as given, for encodings this builder does not cover */
    static byte[] raw(int... bytes) {
        byte[] code = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            code[i] = (byte) bytes[i];
        }
        return code;
    }

    /** Legacy prefixes (F3, F2, 67, F0 ...) placed before 66 and REX. */
    Insn prefix(int... bytes) {
        for (int b : bytes) {
            prefixes.write(b);
        }
        return this;
    }

    /** The opcode bytes, 0F escapes included. */
    Insn op(int... bytes) {
        for (int b : bytes) {
            opcode.write(b);
        }
        return this;
    }

    /** An opcode with a register in its low three bits (50+r, B8+r, C8+r). */
    Insn opReg(int base, int register) {
        opcode.write(base + (register & 7));
        rexB(register);
        byteRegister(register);
        return this;
    }

    /** For d64 instructions (push, pop): no REX.W even at size 64. */
    Insn defaultSize64() {
        noRexW = true;
        return this;
    }

    /** ModRM.reg as a register. */
    Insn reg(int register) {
        hasModRm = true;
        regField = register & 7;
        if (register >= 8) {
            rex |= 4;
        }
        byteRegister(register);
        return this;
    }

    /** ModRM.reg as an opcode extension (/digit). */
    Insn ext(int digit) {
        hasModRm = true;
        regField = digit;
        return this;
    }

    /** ModRM.rm as a register (mod 11). */
    Insn rm(int register) {
        hasModRm = true;
        modRmMod = 3;
        modRmRm = register & 7;
        rexB(register);
        byteRegister(register);
        return this;
    }

    /** ModRM.rm as memory at {@code [rbx + displacement]}. */
    Insn mem(int displacement) {
        hasModRm = true;
        this.displacement = displacement;
        modRmMod = displacement == (byte) displacement ? 1 : 2;
        modRmRm = RBX;
        return this;
    }

    /** A complete ModRM byte followed by nothing (for SIB and other forms built by hand). */
    Insn modRm(int value, int... following) {
        rmByte = value;
        for (int b : following) {
            tail.write(b);
        }
        return this;
    }

    /** An immediate of {@code bytes} bytes, little-endian. */
    Insn imm(long value, int bytes) {
        for (int i = 0; i < bytes; i++) {
            tail.write((int) (value >>> (8 * i)));
        }
        return this;
    }

    byte[] bytes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(prefixes.toByteArray());
        if (size == 16) {
            out.write(0x66);
        }
        if (size == 64 && !noRexW) {
            rex |= 8;
        }
        if (rex != 0 || needsRex) {
            out.write(0x40 | rex);
        }
        out.writeBytes(opcode.toByteArray());
        if (rmByte >= 0) {
            out.write(rmByte);
        } else if (hasModRm) {
            out.write(modRmMod << 6 | (regField & 7) << 3 | modRmRm);
            if (modRmMod == 1) {
                out.write((int) displacement);
            } else if (modRmMod == 2) {
                for (int i = 0; i < 4; i++) {
                    out.write((int) (displacement >>> (8 * i)));
                }
            }
        }
        out.writeBytes(tail.toByteArray());
        return out.toByteArray();
    }

    private void rexB(int register) {
        if (register >= 8) {
            rex |= 1;
        }
    }

    private void byteRegister(int register) {
        if (size == 8 && register >= 4 && register < 8) {
            needsRex = true;
        }
    }
}
