package org.hybridbridge.fast;

import java.util.List;
import java.util.Map;

import org.hybridbridge.kvm.DescriptorTable;
import org.hybridbridge.kvm.PendingException;
import org.hybridbridge.kvm.Regs;
import org.hybridbridge.kvm.Segment;
import org.hybridbridge.kvm.Sregs;
import org.hybridbridge.kvm.VcpuExit;
import org.hybridbridge.x86.Instruction;
import org.hybridbridge.x86.exec.CpuException;
import org.hybridbridge.x86.exec.CpuState;
import org.hybridbridge.x86.exec.ExecutionObserver;
import org.hybridbridge.x86.exec.Machine;
import org.hybridbridge.x86.exec.PhysicalMemory;
import org.hybridbridge.x86.exec.QemuCpuModel;

/**
 * The x86 engine standing in for this project's KVM (ENVIRONMENT.md, "KVM here is PVM") on a host
 * without {@code /dev/kvm}: it runs the guest at CPL3 with no IDT and stops at the first
 * exception as {@code KVM_EXIT_SHUTDOWN} does, RIP at the faulting instruction (after it for a
 * trap), the fault address in CR2; {@code syscall} stays at CPL3, as measured on PVM. So the
 * whole deprivileged run, and its exits, can be checked where KVM cannot run. It does not stand
 * in for wall time (the engine interprets, ~1000 times slower than native) nor for port I/O
 * (#GP here, an I/O exit on KVM).
 */
final class EngineVcpu implements Vcpu {

    /** Instructions per {@link #run}: then it returns as a signal would, so the run loop checks its budgets. */
    private static final long INSTRUCTIONS_PER_RUN = 20_000_000;
    private static final int SEGMENTS = 6, CS = 1, SS = 2;
    private static final int USER_CS = 0x33, USER_SS = 0x2b, USER_CODE = 0x00A0_FB00, USER_DATA = 0x00C0_F300;
    private static final long APIC_BASE = 0xFEE0_0900L;

    /** The exception that stopped the guest, thrown past the engine's own delivery through the IDT. */
    private static final class Stopped extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Stopped() {
            super(null, null, false, false);
        }
    }

    private final CpuState cpu = new CpuState();
    private final Machine machine;
    private PendingException pending = new PendingException(0, false, 0);

    EngineVcpu(PhysicalMemory ram, long tsc) {
        machine = new Machine(cpu, ram, new QemuCpuModel(tsc));
        machine.setObserver(new ExecutionObserver() {
            @Override
            public void afterExecute(Instruction instruction, Machine m) {
                if (cpu.cpl() == 0) { // syscall entered the kernel: PVM keeps the guest at CPL3
                    cpu.setSegment(CS, USER_CS, 0, USER_CODE);
                    cpu.setSegment(SS, USER_SS, 0, USER_DATA);
                }
            }

            @Override
            public void exceptionRaised(Instruction instruction, CpuException exception, Machine m) {
                pending = new PendingException(exception.vector(), exception.hasErrorCode(),
                        exception.hasErrorCode() ? exception.errorCode() : 0);
                if (exception.vector() == CpuException.PF) {
                    cpu.setCr(2, exception.faultAddress());
                }
                throw new Stopped();
            }
        });
    }

    @Override
    public Regs getRegs() {
        return GeneralRegisters.of(cpu, cpu.rflags());
    }

    @Override
    public void setRegs(Regs regs) {
        GeneralRegisters.copy(regs, cpu);
    }

    @Override
    public Sregs getSregs() {
        Segment[] s = new Segment[SEGMENTS];
        for (int i = 0; i < SEGMENTS; i++) {
            s[i] = segment(cpu.selector(i), cpu.segmentBase(i), 0xFFFF_FFFFL, cpu.segmentFlags(i));
        }
        Segment tr = new Segment(cpu.trBase(), Integer.toUnsignedLong(cpu.trLimit()), cpu.trSelector(), 11, true, 0,
                false, false, false, false, false, false);
        Segment ldt = new Segment(0, 0, 0, 0, false, 0, false, false, false, false, false, true);
        return new Sregs(s[1], s[3], s[0], s[4], s[5], s[2], tr, ldt,
                new DescriptorTable(cpu.gdtrBase(), cpu.gdtrLimit()),
                new DescriptorTable(cpu.idtrBase(), cpu.idtrLimit()),
                cpu.cr(0), cpu.cr(2), cpu.cr(3), cpu.cr(4), cpu.cr(8), cpu.efer(), APIC_BASE, List.of(0L, 0L, 0L, 0L));
    }

    @Override
    public void setSregs(Sregs s) {
        Segment[] byNumber = { s.es(), s.cs(), s.ss(), s.ds(), s.fs(), s.gs() };
        for (int i = 0; i < SEGMENTS; i++) {
            cpu.setSegment(i, byNumber[i].selector(), byNumber[i].base(), flags(byNumber[i]));
        }
        cpu.setTr(s.tr().selector(), s.tr().base(), (int) s.tr().limit());
        cpu.setGdtr(s.gdt().base(), s.gdt().limit());
        cpu.setIdtr(s.idt().base(), s.idt().limit());
        cpu.setCr(0, s.cr0());
        cpu.setCr(2, s.cr2());
        cpu.setCr(3, s.cr3());
        cpu.setCr(4, s.cr4());
        cpu.setEfer(s.efer());
        machine.mmu().flushAll();
    }

    @Override
    public void setMsrs(Map<Integer, Long> msrs) {
        msrs.forEach(cpu::setMsr);
    }

    @Override
    public VcpuExit run() {
        try {
            for (long i = 0; i < INSTRUCTIONS_PER_RUN; i++) {
                machine.step();
            }
            return new VcpuExit.Interrupted();
        } catch (Stopped stopped) {
            return new VcpuExit.Shutdown();
        }
    }

    @Override
    public PendingException pendingException() {
        return pending;
    }

    /** Never called: the engine reads addresses without RAM itself (all ones, PhysicalMemory), without an exit. */
    @Override
    public void completeMmioRead(long value) {
        throw new IllegalStateException("the engine makes no MMIO exits");
    }

    @Override
    public void close() {
        // nothing held outside the Java heap
    }

    /** QEMU's hidden-attribute layout (CpuState#segmentFlags): type, S, DPL, P, AVL, L, D/B, G from bit 8. */
    private static int flags(Segment s) {
        return s.type() << 8 | bit(s.s()) << 12 | s.dpl() << 13 | bit(s.present()) << 15 | bit(s.avl()) << 20
                | bit(s.l()) << 21 | bit(s.db()) << 22 | bit(s.g()) << 23;
    }

    private static Segment segment(int selector, long base, long limit, int flags) {
        return new Segment(base, limit, selector, flags >>> 8 & 0xF, (flags & 1 << 15) != 0, flags >>> 13 & 3,
                (flags & 1 << 22) != 0, (flags & 1 << 12) != 0, (flags & 1 << 21) != 0, (flags & 1 << 23) != 0,
                (flags & 1 << 20) != 0, false);
    }

    private static int bit(boolean value) {
        return value ? 1 : 0;
    }
}
