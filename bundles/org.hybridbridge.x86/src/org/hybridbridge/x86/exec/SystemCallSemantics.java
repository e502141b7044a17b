package org.hybridbridge.x86.exec;

import static org.hybridbridge.x86.Mnemonic.*;

import org.hybridbridge.x86.ImmediateOperand;
import org.hybridbridge.x86.Instruction;

/**
 * Crossing privilege levels: {@code syscall}/{@code sysretq}, {@code iretq}, {@code swapgs}
 * and the software interrupts {@code int n} and {@code int3} (delivered by the {@link Machine}).
 * The hidden segment attributes loaded are QEMU's (its {@code flags} layout, see
 * {@link CpuState#segmentFlags}).
 */
final class SystemCallSemantics {

    private static final int RCX = 1, RSP = 4, R11 = 11;
    private static final int ES = 0, CS = 1, SS = 2, DS = 3, FS = 4, GS = 5;
    /** 64-bit code, DPL 0 and 3; flat data, DPL 0 and 3 (G, P, S, type; L for code, B for data). */
    static final int KERNEL_CODE = 0x00A0_9B00, USER_CODE = 0x00A0_FB00, KERNEL_DATA = 0x00C0_9300,
            USER_DATA = 0x00C0_F300;
    private static final long EFER_SCE = 1;
    /** What {@code sysretq} loads into RFLAGS from R11 (RF, VM and the reserved bits are cleared). */
    private static final long SYSRET_FLAGS = 0x3C_7FD7L;

    static void register(InstructionSet set) {
        set.define(SystemCallSemantics::syscall, SYSCALL);
        set.define(SystemCallSemantics::sysretq, SYSRETQ);
        set.define(SystemCallSemantics::iretq, IRETQ);
        set.define(SystemCallSemantics::swapgs, SWAPGS);
        set.define((i, x) -> {
            throw CpuException.breakpoint();
        }, INT3);
        set.define((i, x) -> {
            throw CpuException.softwareInterrupt((int) ((ImmediateOperand) i.operands().get(0)).unsignedValue());
        }, INT);
    }

    private static void syscall(Instruction instruction, Execution x) throws CpuException {
        CpuState cpu = x.cpu();
        if ((cpu.efer() & EFER_SCE) == 0) {
            throw CpuException.invalidOpcode("syscall with EFER.SCE clear");
        }
        long star = cpu.msr(CpuState.MSR_STAR);
        int selector = (int) (star >>> 32) & 0xFFFC;
        cpu.setGpr(RCX, cpu.rip());
        cpu.setGpr(R11, cpu.rflags() & ~CpuState.RF);
        cpu.setRflags(cpu.rflags() & ~cpu.msr(CpuState.MSR_SFMASK) & ~CpuState.RF);
        cpu.setSegment(CS, selector, 0, KERNEL_CODE);
        cpu.setSegment(SS, selector + 8, 0, KERNEL_DATA);
        cpu.setRip(cpu.msr(CpuState.MSR_LSTAR));
    }

    private static void sysretq(Instruction instruction, Execution x) throws CpuException {
        CpuState cpu = x.cpu();
        if ((cpu.efer() & EFER_SCE) == 0) {
            throw CpuException.invalidOpcode("sysret with EFER.SCE clear");
        }
        Privilege.requireCpl0(cpu, instruction);
        long target = cpu.gpr(RCX);
        if (!Privilege.isCanonical(cpu, target)) {
            throw CpuException.generalProtection(0, String.format("sysretq to non-canonical %#x", target));
        }
        int selector = (int) (cpu.msr(CpuState.MSR_STAR) >>> 48) & 0xFFFF;
        cpu.setRflags(cpu.gpr(R11) & SYSRET_FLAGS);
        cpu.setSegment(CS, (selector + 16) | 3, 0, USER_CODE);
        cpu.setSegment(SS, (selector + 8) | 3, 0, USER_DATA);
        cpu.setRip(target);
    }

    /** The 64-bit {@code iretq}: pops RIP, CS, RFLAGS, RSP and SS, to the same or an outer level. */
    private static void iretq(Instruction instruction, Execution x) throws CpuException {
        CpuState cpu = x.cpu();
        LinearMemory stack = x.memory(MemoryRole.STACK);
        long rsp = cpu.gpr(RSP);
        long rip = stack.read(rsp, 8);
        int cs = (int) stack.read(rsp + 8, 8) & 0xFFFF;
        long flags = stack.read(rsp + 16, 8);
        long newRsp = stack.read(rsp + 24, 8);
        int ss = (int) stack.read(rsp + 32, 8) & 0xFFFF;
        int cpl = cpu.cpl();
        int rpl = cs & 3;
        LinearMemory system = x.memory(MemoryRole.SYSTEM);
        if (rpl < cpl) {
            throw CpuException.of(CpuException.GP, cs & 0xFFFC, "#GP: iretq to an inner level");
        }
        SegmentDescriptor code = SegmentDescriptor.read(system, cpu, cs, 0);
        if (!code.isLongModeCode() || code.dpl() != rpl) {
            throw CpuException.of(CpuException.GP, cs & 0xFFFC,
                    String.format("#GP: iretq to %#x, not 64-bit code of DPL %d", cs, rpl));
        }
        if (!Privilege.isCanonical(cpu, rip)) {
            throw CpuException.generalProtection(0, String.format("iretq to non-canonical %#x", rip));
        }
        int ssFlags;
        if ((ss & 0xFFFC) == 0) {
            if (rpl == 3) {
                throw CpuException.generalProtection(0, "iretq to CPL 3 with a null SS");
            }
            ssFlags = KERNEL_DATA | rpl << 13;
        } else {
            SegmentDescriptor data = SegmentDescriptor.read(system, cpu, ss, 0);
            if ((ss & 3) != rpl || data.dpl() != rpl) {
                throw CpuException.of(CpuException.GP, ss & 0xFFFC, String.format("#GP: iretq with SS %#x", ss));
            }
            ssFlags = data.flags();
        }
        long modifiable = CpuState.STATUS_FLAGS | CpuState.TF | CpuState.DF | CpuState.NT | CpuState.RF
                | CpuState.AC | CpuState.ID | (cpl == 0 ? CpuState.IOPL : 0) | (cpl <= Privilege.iopl(cpu) ? CpuState.IF : 0);
        cpu.setRflags(cpu.rflags() & ~modifiable | flags & modifiable);
        cpu.setSegment(CS, cs, 0, code.flags());
        cpu.setSegment(SS, ss, 0, ssFlags);
        cpu.setGpr(RSP, newRsp);
        cpu.setRip(rip);
        if (rpl > cpl) {
            nullInaccessibleDataSegments(cpu, rpl);
        }
    }

    /** A return to an outer level clears the data segments the new level may not use (keeping FS/GS bases). */
    private static void nullInaccessibleDataSegments(CpuState cpu, int newCpl) {
        for (int segment : new int[] { ES, DS, FS, GS }) {
            int flags = cpu.segmentFlags(segment);
            boolean present = (flags & 0x8000) != 0;
            boolean conformingCode = (flags & 0x0C00) == 0x0C00;
            int dpl = flags >>> 13 & 3;
            if (present && !conformingCode && dpl < newCpl) {
                cpu.setSegment(segment, 0, cpu.segmentBase(segment), flags & ~0x8000);
            }
        }
    }

    private static void swapgs(Instruction instruction, Execution x) throws CpuException {
        CpuState cpu = x.cpu();
        Privilege.requireCpl0(cpu, instruction);
        long gsBase = cpu.segmentBase(GS);
        cpu.setSegmentBase(GS, cpu.kernelGsBase());
        cpu.setKernelGsBase(gsBase);
    }
}
