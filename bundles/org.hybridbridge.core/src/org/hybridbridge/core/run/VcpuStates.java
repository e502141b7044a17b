package org.hybridbridge.core.run;

import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import org.hybridbridge.qemu.InvalidSnapshotException;
import org.hybridbridge.qemu.VcpuState;
import org.hybridbridge.qemu.VcpuState.Segment;
import org.hybridbridge.x86.exec.CpuState;
import org.hybridbridge.x86.exec.Mmu;
import org.hybridbridge.x86.exec.PhysicalMemory;

/** The engine's {@link CpuState}, and the address space, from a snapshot's {@link VcpuState}. */
public final class VcpuStates {

    /** General-purpose registers in encoding order (0 = RAX ... 15 = R15). */
    private static final List<String> GPRS = List.of("rax", "rcx", "rdx", "rbx", "rsp", "rbp", "rsi", "rdi", "r8", "r9",
            "r10", "r11", "r12", "r13", "r14", "r15");
    /** Segment registers in encoding order (0 = ES ... 5 = GS). */
    private static final List<String> SEGMENTS = List.of("es", "cs", "ss", "ds", "fs", "gs");
    /** MSRs kept by name in the vCPU state, besides those CpuState holds in fields. */
    private static final Map<String, Integer> MSRS = Map.of("star", CpuState.MSR_STAR, "lstar", CpuState.MSR_LSTAR,
            "cstar", CpuState.MSR_CSTAR, "sfmask", CpuState.MSR_SFMASK, "pat", CpuState.MSR_PAT, "tsc_aux",
            CpuState.MSR_TSC_AUX, "sysenter_cs", 0x174, "sysenter_esp", 0x175, "sysenter_eip", 0x176);
    private static final long CR4_LA57 = 1L << 12;
    private static final int X87_REGISTERS_OFFSET = 32, X87_REGISTER_STRIDE = 16;

    private VcpuStates() {
    }

    /** Whether {@code vcpu} translates with five-level page tables (CR4.LA57). */
    public static boolean fiveLevelPaging(VcpuState vcpu) {
        return (vcpu.registers().getOrDefault("cr4", 0L) & CR4_LA57) != 0;
    }

    /** @return the address space {@code vcpu}'s page tables (CR3, CR4.LA57) give over {@code memory} */
    public static Mmu kernelSpace(PhysicalMemory memory, VcpuState vcpu) {
        return Mmu.fixedRoot(memory, vcpu.register("cr3"), fiveLevelPaging(vcpu));
    }

    /**
     * @return the state of {@code vcpu}; a state without the MSRs and FPU of a complete one (an
     *         imported ELF core) is refused in one line, since the kernel cannot run without them
     */
    public static CpuState toCpuState(VcpuState vcpu) {
        if (!vcpu.registers().containsKey("lstar") || vcpu.xmm().isEmpty()) {
            throw new InvalidSnapshotException("the vCPU state from " + vcpu.source()
                    + " lacks the MSRs or SSE registers a run needs: use a snapshot taken by hb snapshot take");
        }
        CpuState cpu = new CpuState();
        for (int i = 0; i < GPRS.size(); i++) {
            cpu.setGpr(i, vcpu.register(GPRS.get(i)));
        }
        cpu.setRip(vcpu.register("rip"));
        cpu.setRflags(vcpu.register("rflags"));
        for (int i = 0; i < SEGMENTS.size(); i++) {
            Segment segment = segment(vcpu, SEGMENTS.get(i));
            cpu.setSegment(i, segment.selector(), segment.base(), segment.flags());
        }
        Segment tr = segment(vcpu, "tr");
        cpu.setTr(tr.selector(), tr.base(), (int) tr.limit());
        cpu.setGdtr(vcpu.gdt().base(), (int) vcpu.gdt().limit());
        cpu.setIdtr(vcpu.idt().base(), (int) vcpu.idt().limit());
        for (int number : new int[] { 0, 2, 3, 4 }) {
            cpu.setCr(number, vcpu.register("cr" + number));
        }
        cpu.setEfer(vcpu.register("efer"));
        cpu.setKernelGsBase(vcpu.register("kernel_gs_base"));
        MSRS.forEach((name, index) -> cpu.setMsr(index, vcpu.register(name)));
        for (int number = 0; number < 8; number++) {
            cpu.setDr(number, vcpu.register("dr" + number));
        }
        cpu.setXcr0(vcpu.register("xcr0"));
        cpu.setMxcsr((int) vcpu.register("mxcsr"));
        cpu.setX87(x87(vcpu));
        for (int number = 0; number < vcpu.xmm().size(); number++) {
            byte[] bytes = HexFormat.of().parseHex(vcpu.xmm().get(number));
            cpu.setXmm(number, 0, littleEndian(bytes, 0));
            cpu.setXmm(number, 1, littleEndian(bytes, 8));
        }
        return cpu;
    }

    /** @return the time-stamp counter at the snapshot (0 if it was not recorded), where the engine's TSC starts */
    public static long tsc(VcpuState vcpu) {
        return vcpu.registers().getOrDefault("tsc", 0L);
    }

    private static Segment segment(VcpuState vcpu, String name) {
        Segment segment = vcpu.segments().get(name);
        if (segment == null) {
            throw new InvalidSnapshotException("the vCPU state from " + vcpu.source() + " has no segment " + name);
        }
        return segment;
    }

    /** The x87 part of an FXSAVE image: FCW, FSW, abridged FTW, then ST0..ST7 every 16 bytes. */
    private static byte[] x87(VcpuState vcpu) {
        byte[] state = new byte[CpuState.X87_STATE_BYTES];
        putLittleEndian(state, 0, vcpu.register("fcw"), 2);
        putLittleEndian(state, 2, vcpu.register("fsw"), 2);
        state[4] = (byte) vcpu.register("ftw");
        for (int i = 0; i < vcpu.x87().size(); i++) {
            byte[] register = HexFormat.of().parseHex(vcpu.x87().get(i));
            System.arraycopy(register, 0, state, X87_REGISTERS_OFFSET + i * X87_REGISTER_STRIDE, register.length);
        }
        return state;
    }

    private static long littleEndian(byte[] bytes, int offset) {
        long value = 0;
        for (int i = 7; i >= 0; i--) {
            value = (value << 8) | (bytes[offset + i] & 0xFF);
        }
        return value;
    }

    private static void putLittleEndian(byte[] target, int offset, long value, int size) {
        for (int i = 0; i < size; i++) {
            target[offset + i] = (byte) (value >>> (8 * i));
        }
    }
}
