package org.hybridbridge.fast;

import org.hybridbridge.kvm.Regs;
import org.hybridbridge.x86.exec.CpuState;

/** KVM's {@link Regs} (rax, rbx, rcx, rdx ... order) to and from the engine's registers (encoding order). */
final class GeneralRegisters {

    private GeneralRegisters() {
    }

    /** Copies the general-purpose registers, RIP and RFLAGS of {@code regs} into {@code cpu}. */
    static void copy(Regs regs, CpuState cpu) {
        long[] byEncoding = { regs.rax(), regs.rcx(), regs.rdx(), regs.rbx(), regs.rsp(), regs.rbp(), regs.rsi(),
                regs.rdi(), regs.r8(), regs.r9(), regs.r10(), regs.r11(), regs.r12(), regs.r13(), regs.r14(),
                regs.r15() };
        for (int i = 0; i < byEncoding.length; i++) {
            cpu.setGpr(i, byEncoding[i]);
        }
        cpu.setRip(regs.rip());
        cpu.setRflags(regs.rflags());
    }

    /** @return the registers of {@code cpu}, with {@code rflags} */
    static Regs of(CpuState cpu, long rflags) {
        return new Regs(cpu.gpr(0), cpu.gpr(3), cpu.gpr(1), cpu.gpr(2), cpu.gpr(6), cpu.gpr(7), cpu.gpr(4),
                cpu.gpr(5), cpu.gpr(8), cpu.gpr(9), cpu.gpr(10), cpu.gpr(11), cpu.gpr(12), cpu.gpr(13), cpu.gpr(14),
                cpu.gpr(15), cpu.rip(), rflags);
    }
}
