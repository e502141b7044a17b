package org.hybridbridge.internal.kvm.jna;

import java.nio.ByteBuffer;

import org.hybridbridge.kvm.Regs;

/**
 * Encodes and decodes {@code struct kvm_regs}: 18 little-endian u64 in the order rax, rbx, rcx,
 * rdx, rsi, rdi, rsp, rbp, r8..r15, rip, rflags (144 bytes; rip at 128, rflags at 136, checked
 * against linux/kvm.h).
 */
public final class RegsCodec {

    /** {@code sizeof(struct kvm_regs)}. */
    public static final int SIZE = 144;

    private RegsCodec() {
    }

    /** Writes {@code regs} at the start of {@code buffer}, which must be little-endian. */
    public static void encode(Regs regs, ByteBuffer buffer) {
        long[] fields = { regs.rax(), regs.rbx(), regs.rcx(), regs.rdx(), regs.rsi(), regs.rdi(), regs.rsp(),
                regs.rbp(), regs.r8(), regs.r9(), regs.r10(), regs.r11(), regs.r12(), regs.r13(), regs.r14(),
                regs.r15(), regs.rip(), regs.rflags() };
        for (int i = 0; i < fields.length; i++) {
            buffer.putLong(i * Long.BYTES, fields[i]);
        }
    }

    /** Reads the registers from the start of {@code buffer}, which must be little-endian. */
    public static Regs decode(ByteBuffer buffer) {
        long[] f = new long[SIZE / Long.BYTES];
        for (int i = 0; i < f.length; i++) {
            f[i] = buffer.getLong(i * Long.BYTES);
        }
        return new Regs(f[0], f[1], f[2], f[3], f[4], f[5], f[6], f[7], f[8], f[9], f[10], f[11], f[12], f[13], f[14],
                f[15], f[16], f[17]);
    }
}
