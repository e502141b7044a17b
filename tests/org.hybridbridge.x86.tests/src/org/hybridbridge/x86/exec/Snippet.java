package org.hybridbridge.x86.exec;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.HexFormat;

import org.hybridbridge.kvm.NativeCodeRunner;

/**
 * One oracle case: a few instructions and the registers, flags and data area they start from.
 * {@link #form} groups cases for the summary ("ADD Ev,Gv 32 reg"). Registers start from distinct garbage in all 64 bits, so a
 * write that should merge or zero-extend shows; RBX holds {@link #DATA} (the cases' memory
 * operands are {@code [rbx + disp]}) and RSP {@link #STACK_TOP}, inside the compared data area.
 */
final class Snippet {

    static final long DATA = NativeCodeRunner.DATA;
    static final long STACK_TOP = DATA + 0x2800;
    static final long CODE = NativeCodeRunner.CODE;

    final String form;
    final byte[] code;
    final long[] gprs = new long[16];
    /** The data area's first bytes (the rest is zero); grown by {@link #store}, as ~10^5 cases are kept. */
    byte[] data = new byte[0];
    long rflags = 2;

    Snippet(String form, byte[]... instructions) {
        this.form = form;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] instruction : instructions) {
            out.writeBytes(instruction);
        }
        this.code = out.toByteArray();
        for (int i = 0; i < 16; i++) {
            gprs[i] = 0x0F1E_2D3C_4B5A_6978L * (i + 1) ^ 0x8000_0000_0000_0000L >>> i;
        }
        gprs[Insn.RBX] = DATA;
        gprs[Insn.RSP] = STACK_TOP;
    }

    /** Sets register {@code number} to {@code value} (all 64 bits). */
    Snippet set(int number, long value) {
        gprs[number] = value;
        return this;
    }

    /** Sets the low {@code bits} of register {@code number}, keeping the garbage above. */
    Snippet setLow(int number, int bits, long value) {
        gprs[number] = bits == 64 ? value : gprs[number] & -(1L << bits) | Execution.mask(value, bits);
        return this;
    }

    Snippet flags(long statusFlags) {
        rflags = 2 | statusFlags;
        return this;
    }

    /** Stores {@code value}'s low {@code bytes} little-endian at data offset {@code offset}. */
    Snippet store(int offset, long value, int bytes) {
        if (offset + bytes > data.length) {
            data = Arrays.copyOf(data, Math.min(Math.max(offset + bytes, 2 * data.length), NativeCodeRunner.DATA_SIZE));
        }
        for (int i = 0; i < bytes; i++) {
            data[offset + i] = (byte) (value >>> (8 * i));
        }
        return this;
    }

    /** @return the code as hex, for mismatch reports */
    String hex() {
        return HexFormat.of().formatHex(code);
    }
}
