package org.hybridbridge.x86.exec;

import static org.hybridbridge.x86.Mnemonic.*;

import org.hybridbridge.x86.ImmediateOperand;
import org.hybridbridge.x86.Instruction;
import org.hybridbridge.x86.MemoryOperand;
import org.hybridbridge.x86.RegisterKind;
import org.hybridbridge.x86.RegisterOperand;

/**
 * The privileged side of long mode: {@code syscall}/{@code sysretq}, {@code iretq},
 * {@code swapgs}, software interrupts, MSRs, control and debug registers, descriptor-table
 * registers, interrupt and I/O privilege, TLB control, {@code hlt}, and the
 * hints that do nothing on an emulated CPU without caches. Hidden segment attributes are the
 * ones QEMU loads (its {@code flags} layout, see {@link CpuState#segmentFlags}).
 */
final class SystemSemantics {

    private static final int RAX = 0, RCX = 1, RDX = 2, RSP = 4, R11 = 11;
    private static final int ES = 0, CS = 1, SS = 2, DS = 3, FS = 4, GS = 5;
    /** 64-bit code, DPL 0 and 3; flat data, DPL 0 and 3 (G, P, S, type; L for code, B for data). */
    static final int KERNEL_CODE = 0x00A0_9B00, USER_CODE = 0x00A0_FB00, KERNEL_DATA = 0x00C0_9300,
            USER_DATA = 0x00C0_F300;
    private static final long EFER_SCE = 1;
    private static final long CR4_DE = 1L << 3;
    /** What {@code sysretq} loads into RFLAGS from R11 (RF, VM and the reserved bits are cleared). */
    private static final long SYSRET_FLAGS = 0x3C_7FD7L;
    private static final long VM = 1L << 17;

    private final Machine machine;
    private final CpuState cpu;

    private SystemSemantics(Machine machine) {
        this.machine = machine;
        this.cpu = machine.cpu();
    }

    static void register(InstructionSet set, Machine machine) {
        SystemSemantics s = new SystemSemantics(machine);
        set.define(s::syscall, SYSCALL);
        set.define(s::sysretq, SYSRETQ);
        set.define(s::iretq, IRETQ);
        set.define(s::swapgs, SWAPGS);
        set.define((i, x) -> {
            throw CpuException.breakpoint();
        }, INT3);
        set.define((i, x) -> {
            throw CpuException.softwareInterrupt((int) ((ImmediateOperand) i.operands().get(0)).unsignedValue());
        }, INT);
        set.define((i, x) -> {
            throw CpuException.invalidOpcode("ud2");
        }, UD2);
        set.define((i, x) -> {
            throw CpuException.invalidOpcode(i.mnemonic() + ": the CPU model has no SMAP");
        }, CLAC, STAC);
        set.define(s::rdmsr, RDMSR);
        set.define(s::wrmsr, WRMSR);
        set.defineSpecialCase(MOV, SystemSemantics::movesControlRegister, s::moveControlRegister);
        set.defineSpecialCase(MOV, SystemSemantics::movesDebugRegister, s::moveDebugRegister);
        set.define(s::cli, CLI);
        set.define(s::sti, STI);
        set.define(s::pushf, PUSHF);
        set.define(s::popf, POPF);
        set.define(s::lgdt, LGDT);
        set.define(s::lidt, LIDT);
        set.define(s::sgdt, SGDT);
        set.define(s::sidt, SIDT);
        set.define(s::ltr, LTR);
        set.define(s::str, STR);
        set.define(s::lldt, LLDT);
        set.define(s::sldt, SLDT);
        set.define(s::invlpg, INVLPG);
        set.define(s::hlt, HLT);
        set.define(s::privilegedNoOperation, WBINVD, INVD);
        // ordering and cache hints: an interpreter has no caches, no store buffer, no other CPU
        // (NOP, PAUSE and ENDBR64 are data-movement NOP forms, in DataMovementSemantics)
        set.define((i, x) -> {
        }, LFENCE, MFENCE, SFENCE, PREFETCH, PREFETCHNTA, PREFETCHT0, PREFETCHT1, PREFETCHT2, PREFETCHW,
                PREFETCHWT1);
        // a cache-line flush does nothing here, but faults on an address it could not read
        set.define((i, x) -> x.memory(MemoryRole.OPERAND).read(x.effectiveAddress(i, i.memoryOperand().orElseThrow()),
                1), CLFLUSH, CLFLUSHOPT);
    }

    private void requireCpl0(Instruction instruction) throws CpuException {
        if (cpu.cpl() != 0) {
            throw CpuException.generalProtection(0, instruction.mnemonic() + " at CPL " + cpu.cpl());
        }
    }

    private int iopl() {
        return (int) (cpu.rflags() >>> 12) & 3;
    }

    private static boolean isCanonical(long address) {
        return Execution.signExtend(address, 48) == address;
    }

    // --- system calls and returns ---

    private void syscall(Instruction instruction, Execution x) throws CpuException {
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

    private void sysretq(Instruction instruction, Execution x) throws CpuException {
        if ((cpu.efer() & EFER_SCE) == 0) {
            throw CpuException.invalidOpcode("sysret with EFER.SCE clear");
        }
        requireCpl0(instruction);
        long target = cpu.gpr(RCX);
        if (!isCanonical(target)) {
            throw CpuException.generalProtection(0, String.format("sysretq to non-canonical %#x", target));
        }
        int selector = (int) (cpu.msr(CpuState.MSR_STAR) >>> 48) & 0xFFFF;
        cpu.setRflags(cpu.gpr(R11) & SYSRET_FLAGS);
        cpu.setSegment(CS, (selector + 16) | 3, 0, USER_CODE);
        cpu.setSegment(SS, (selector + 8) | 3, 0, USER_DATA);
        cpu.setRip(target);
    }

    /** The 64-bit {@code iretq}: pops RIP, CS, RFLAGS, RSP and SS, to the same or an outer level. */
    private void iretq(Instruction instruction, Execution x) throws CpuException {
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
        if (!isCanonical(rip)) {
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
                | CpuState.AC | CpuState.ID | (cpl == 0 ? CpuState.IOPL : 0) | (cpl <= iopl() ? CpuState.IF : 0);
        cpu.setRflags(cpu.rflags() & ~modifiable | flags & modifiable);
        cpu.setSegment(CS, cs, 0, code.flags());
        cpu.setSegment(SS, ss, 0, ssFlags);
        cpu.setGpr(RSP, newRsp);
        cpu.setRip(rip);
        if (rpl > cpl) {
            nullInaccessibleDataSegments(rpl);
        }
    }

    /** A return to an outer level clears the data segments the new level may not use (keeping FS/GS bases). */
    private void nullInaccessibleDataSegments(int newCpl) {
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

    private void swapgs(Instruction instruction, Execution x) throws CpuException {
        requireCpl0(instruction);
        long gsBase = cpu.segmentBase(GS);
        cpu.setSegmentBase(GS, cpu.kernelGsBase());
        cpu.setKernelGsBase(gsBase);
    }

    // --- model-specific registers ---

    /**
     * @return whether {@code index} is an MSR the model has: the ones the engine gives meaning to,
     *         and any the snapshot recorded; reading or writing any other raises #GP as the real
     *         CPU does for MSRs it lacks
     */
    private boolean hasMsr(int index) {
        return switch (index) {
            case CpuState.MSR_STAR, CpuState.MSR_LSTAR, CpuState.MSR_CSTAR, CpuState.MSR_SFMASK,
                    CpuState.MSR_TSC_AUX, CpuState.MSR_PAT, CpuState.MSR_TSC -> true;
            default -> cpu.hasMsr(index);
        };
    }

    private void rdmsr(Instruction instruction, Execution x) throws CpuException {
        requireCpl0(instruction);
        int index = (int) cpu.gpr(RCX);
        if (!hasMsr(index)) {
            throw CpuException.generalProtection(0, String.format("rdmsr of MSR %#x the model lacks", index));
        }
        long value = index == CpuState.MSR_TSC ? machine.model().tsc(machine.instructionsRetired()) : cpu.msr(index);
        cpu.setGpr(RAX, value & 0xFFFF_FFFFL);
        cpu.setGpr(RDX, value >>> 32);
    }

    private void wrmsr(Instruction instruction, Execution x) throws CpuException {
        requireCpl0(instruction);
        int index = (int) cpu.gpr(RCX);
        long value = cpu.gpr(RDX) << 32 | cpu.gpr(RAX) & 0xFFFF_FFFFL;
        if (!hasMsr(index)) {
            throw CpuException.generalProtection(0, String.format("wrmsr of MSR %#x the model lacks", index));
        }
        if (index == CpuState.MSR_TSC) {
            throw new EngineError("wrmsr to the TSC at " + Long.toHexString(instruction.address())
                    + ": the model's TSC is a function of the instructions retired and cannot be set");
        }
        if ((index == CpuState.MSR_FS_BASE || index == CpuState.MSR_GS_BASE
                || index == CpuState.MSR_KERNEL_GS_BASE || index == CpuState.MSR_LSTAR
                || index == CpuState.MSR_CSTAR) && !isCanonical(value)) {
            throw CpuException.generalProtection(0, String.format("wrmsr %#x: non-canonical %#x", index, value));
        }
        cpu.setMsr(index, value);
    }

    // --- control, debug and segment registers ---

    private static boolean movesControlRegister(Instruction instruction) {
        return usesRegisterOf(instruction, RegisterKind.CONTROL);
    }

    private static boolean movesDebugRegister(Instruction instruction) {
        return usesRegisterOf(instruction, RegisterKind.DEBUG);
    }

    private static boolean usesRegisterOf(Instruction instruction, RegisterKind kind) {
        return instruction.operands().stream()
                .anyMatch(operand -> operand instanceof RegisterOperand r && r.register().kind() == kind);
    }

    private void moveControlRegister(Instruction instruction, Execution x) throws CpuException {
        requireCpl0(instruction);
        RegisterOperand destination = (RegisterOperand) instruction.operands().get(0);
        RegisterOperand source = (RegisterOperand) instruction.operands().get(1);
        boolean toControl = destination.register().kind() == RegisterKind.CONTROL;
        int number = (toControl ? destination : source).register().number();
        if (number == 1 || number > 4 && number != 8) {
            throw CpuException.invalidOpcode("mov with CR" + number);
        }
        if (!toControl) {
            x.writeRegister(destination.register(), cpu.cr(number));
            return;
        }
        long value = x.readRegister(source.register());
        cpu.setCr(number, number == 8 ? value & 0xF : value);
        if (number == 3) {
            machine.mmu().flush();
        }
    }

    private void moveDebugRegister(Instruction instruction, Execution x) throws CpuException {
        requireCpl0(instruction);
        RegisterOperand destination = (RegisterOperand) instruction.operands().get(0);
        RegisterOperand source = (RegisterOperand) instruction.operands().get(1);
        boolean toDebug = destination.register().kind() == RegisterKind.DEBUG;
        int number = (toDebug ? destination : source).register().number();
        if (number > 7 || (number == 4 || number == 5) && (cpu.cr(4) & CR4_DE) != 0) {
            throw CpuException.invalidOpcode("mov with DR" + number);
        }
        int architectural = number == 4 || number == 5 ? number + 2 : number;
        if (toDebug) {
            cpu.setDr(architectural, x.readRegister(source.register()));
        } else {
            x.writeRegister(destination.register(), cpu.dr(architectural));
        }
    }

    // --- interrupt flag and RFLAGS ---

    private void cli(Instruction instruction, Execution x) throws CpuException {
        requireIoPrivilege(instruction);
        cpu.setFlag(CpuState.IF, false);
    }

    private void sti(Instruction instruction, Execution x) throws CpuException {
        requireIoPrivilege(instruction);
        cpu.setFlag(CpuState.IF, true);
    }

    private void requireIoPrivilege(Instruction instruction) throws CpuException {
        if (cpu.cpl() > iopl()) {
            throw CpuException.generalProtection(0, instruction.mnemonic() + " at CPL " + cpu.cpl() + " > IOPL");
        }
    }

    private void pushf(Instruction instruction, Execution x) throws CpuException {
        x.push(cpu.rflags() & ~(CpuState.RF | VM), instruction.operandSize() / 8);
    }

    /** {@code popf}: IOPL changes only at CPL 0 and IF only at CPL <= IOPL, so user space never changes IF. */
    private void popf(Instruction instruction, Execution x) throws CpuException {
        int size = instruction.operandSize() / 8;
        long value = x.pop(size);
        long modifiable = CpuState.STATUS_FLAGS | CpuState.TF | CpuState.DF | CpuState.NT | CpuState.AC
                | CpuState.ID | (cpu.cpl() == 0 ? CpuState.IOPL : 0) | (cpu.cpl() <= iopl() ? CpuState.IF : 0);
        if (size == 2) {
            modifiable &= 0xFFFF;
        }
        cpu.setRflags(cpu.rflags() & ~modifiable & ~CpuState.RF | value & modifiable);
    }

    // --- descriptor tables ---

    private void lgdt(Instruction instruction, Execution x) throws CpuException {
        requireCpl0(instruction);
        long address = pseudoDescriptorAddress(instruction, x);
        LinearMemory memory = x.memory(MemoryRole.OPERAND);
        cpu.setGdtr(memory.read(address + 2, 8), (int) memory.read(address, 2));
    }

    private void lidt(Instruction instruction, Execution x) throws CpuException {
        requireCpl0(instruction);
        long address = pseudoDescriptorAddress(instruction, x);
        LinearMemory memory = x.memory(MemoryRole.OPERAND);
        cpu.setIdtr(memory.read(address + 2, 8), (int) memory.read(address, 2));
    }

    /** {@code sgdt} (allowed at CPL 3: the model has no UMIP). */
    private void sgdt(Instruction instruction, Execution x) throws CpuException {
        storePseudoDescriptor(instruction, x, cpu.gdtrLimit(), cpu.gdtrBase());
    }

    private void sidt(Instruction instruction, Execution x) throws CpuException {
        storePseudoDescriptor(instruction, x, cpu.idtrLimit(), cpu.idtrBase());
    }

    private static void storePseudoDescriptor(Instruction instruction, Execution x, int limit, long base)
            throws CpuException {
        byte[] bytes = new byte[10];
        for (int i = 0; i < 10; i++) {
            bytes[i] = (byte) (i < 2 ? limit >>> (8 * i) : base >>> (8 * (i - 2)));
        }
        x.memory(MemoryRole.OPERAND).write(pseudoDescriptorAddress(instruction, x), bytes);
    }

    private static long pseudoDescriptorAddress(Instruction instruction, Execution x) {
        return x.effectiveAddress(instruction, (MemoryOperand) instruction.operands().get(0));
    }

    /** {@code ltr}: loads TR from an available 64-bit TSS descriptor (16 bytes) and marks it busy. */
    private void ltr(Instruction instruction, Execution x) throws CpuException {
        requireCpl0(instruction);
        int selector = (int) x.read(instruction, instruction.operands().get(0)) & 0xFFFF;
        int index = selector & ~7;
        if (index == 0 || (selector & 4) != 0 || index + 15 > cpu.gdtrLimit()) {
            throw CpuException.of(CpuException.GP, selector & 0xFFFC, String.format("#GP: ltr %#x", selector));
        }
        LinearMemory system = x.memory(MemoryRole.SYSTEM);
        long descriptorAddress = cpu.gdtrBase() + index;
        long low = system.read(descriptorAddress, 8);
        long high = system.read(descriptorAddress + 8, 8);
        int type = (int) (low >>> 40) & 0x1F;
        if (type != 0x09) {
            throw CpuException.of(CpuException.GP, selector & 0xFFFC,
                    String.format("#GP: ltr %#x is not an available 64-bit TSS", selector));
        }
        if ((low & 1L << 47) == 0) {
            throw CpuException.of(CpuException.NP, selector & 0xFFFC, String.format("#NP: ltr %#x", selector));
        }
        long base = (low >>> 16 & 0xFF_FFFFL) | (low >>> 56 & 0xFF) << 24 | (high & 0xFFFF_FFFFL) << 32;
        int limit = (int) (low & 0xFFFF) | (int) (low >>> 32) & 0xF_0000;
        system.write(descriptorAddress, 8, low | 2L << 40);
        cpu.setTr(selector, base, limit);
    }

    private void str(Instruction instruction, Execution x) throws CpuException {
        x.write(instruction, instruction.operands().get(0), cpu.trSelector());
    }

    /** {@code lldt}: the model keeps no LDT, which Linux uses only for modify_ldt(2) processes. */
    private void lldt(Instruction instruction, Execution x) throws CpuException {
        requireCpl0(instruction);
        int selector = (int) x.read(instruction, instruction.operands().get(0)) & 0xFFFF;
        if ((selector & 0xFFFC) != 0) {
            throw new EngineError(String.format("lldt %#x at %#x: the engine does not model LDTs", selector,
                    instruction.address()));
        }
    }

    private void sldt(Instruction instruction, Execution x) throws CpuException {
        x.write(instruction, instruction.operands().get(0), 0);
    }

    // --- TLB, caches, halting ---

    private void invlpg(Instruction instruction, Execution x) throws CpuException {
        requireCpl0(instruction);
        machine.mmu().invalidate(x.effectiveAddress(instruction, instruction.memoryOperand().orElseThrow()));
    }

    private void privilegedNoOperation(Instruction instruction, Execution x) throws CpuException {
        requireCpl0(instruction);
    }

    private void hlt(Instruction instruction, Execution x) throws CpuException {
        requireCpl0(instruction);
        throw new EngineError(String.format("hlt at %#x: the engine delivers no interrupts, nothing would wake it",
                instruction.address()));
    }
}
