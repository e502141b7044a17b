package org.hybridbridge.kvm;

/**
 * The general-purpose registers, RIP and RFLAGS of a vCPU: {@code struct kvm_regs}.
 */
public record Regs(long rax, long rbx, long rcx, long rdx, long rsi, long rdi, long rsp, long rbp, long r8, long r9,
        long r10, long r11, long r12, long r13, long r14, long r15, long rip, long rflags) {

    /** Every register zero (RFLAGS too: set its reserved bit 1 before running). */
    public static final Regs ZERO = new Regs(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

    /** These registers with {@code rip} replaced. */
    public Regs withRip(long value) {
        return new Regs(rax, rbx, rcx, rdx, rsi, rdi, rsp, rbp, r8, r9, r10, r11, r12, r13, r14, r15, value, rflags);
    }

    /** These registers with {@code rsp} replaced. */
    public Regs withRsp(long value) {
        return new Regs(rax, rbx, rcx, rdx, rsi, rdi, value, rbp, r8, r9, r10, r11, r12, r13, r14, r15, rip, rflags);
    }

    /** These registers with {@code rflags} replaced. */
    public Regs withRflags(long value) {
        return new Regs(rax, rbx, rcx, rdx, rsi, rdi, rsp, rbp, r8, r9, r10, r11, r12, r13, r14, r15, rip, value);
    }
}
