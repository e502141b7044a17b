package org.hybridbridge.x86.exec;

import static org.hybridbridge.x86.Mnemonic.*;

import org.hybridbridge.x86.Instruction;
import org.hybridbridge.x86.MemoryOperand;
import org.hybridbridge.x86.Operand;
import org.hybridbridge.x86.RegisterKind;
import org.hybridbridge.x86.RegisterOperand;

/**
 * The system registers of long mode: MSRs, control and debug registers, descriptor-table
 * registers, interrupt and I/O privilege, TLB control, {@code hlt}, and the
 * hints that do nothing on an emulated CPU without caches. Hidden segment attributes are the
 * ones QEMU loads (its {@code flags} layout, see {@link CpuState#segmentFlags}).
 */
final class SystemSemantics {

    private static final int RAX = 0, RCX = 1, RDX = 2;
    private static final long CR4_DE = 1L << 3;
    private static final long VM = 1L << 17;

    static void register(InstructionSet set) {
        set.define((i, x) -> {
            throw CpuException.invalidOpcode("ud2");
        }, UD2);
        set.define((i, x) -> {
            throw CpuException.invalidOpcode(i.mnemonic() + ": the CPU model has no SMAP");
        }, CLAC, STAC);
        set.define(SystemSemantics::rdmsr, RDMSR);
        set.define(SystemSemantics::wrmsr, WRMSR);
        set.defineSpecialCase(MOV, SystemSemantics::movesControlRegister,
                SystemSemantics::moveControlRegister);
        set.defineSpecialCase(MOV, SystemSemantics::movesDebugRegister,
                SystemSemantics::moveDebugRegister);
        set.define(SystemSemantics::cli, CLI);
        set.define(SystemSemantics::sti, STI);
        set.define(SystemSemantics::pushf, PUSHF);
        set.define(SystemSemantics::popf, POPF);
        set.define(SystemSemantics::lgdt, LGDT);
        set.define(SystemSemantics::lidt, LIDT);
        set.define(SystemSemantics::sgdt, SGDT);
        set.define(SystemSemantics::sidt, SIDT);
        set.define(SystemSemantics::ltr, LTR);
        set.define(SystemSemantics::str, STR);
        set.define(SystemSemantics::lldt, LLDT);
        set.define(SystemSemantics::sldt, SLDT);
        set.define(SystemSemantics::invlpg, INVLPG);
        set.define(SystemSemantics::hlt, HLT);
        set.define(SystemSemantics::privilegedNoOperation, WBINVD, INVD);
        // ordering and cache hints: an interpreter has no caches, no store buffer, no other CPU
        // (NOP, PAUSE and ENDBR64 are data-movement NOP forms, in DataMovementSemantics)
        set.define((i, x) -> {
        }, LFENCE, MFENCE, SFENCE, PREFETCH, PREFETCHNTA, PREFETCHT0, PREFETCHT1, PREFETCHT2, PREFETCHW,
                PREFETCHWT1);
        // a cache-line flush does nothing here, but faults on an address it could not read
        set.define((i, x) -> x.memory(MemoryRole.OPERAND).read(x.effectiveAddress(i, i.memoryOperand().orElseThrow()),
                1), CLFLUSH, CLFLUSHOPT);
    }

    // --- model-specific registers ---

    /**
     * @return whether {@code index} is an MSR the model has: the ones the engine gives meaning to,
     *         and any the snapshot recorded; reading or writing any other raises #GP as the real
     *         CPU does for MSRs it lacks
     */
    private static boolean hasMsr(CpuState cpu, int index) {
        return switch (index) {
            case CpuState.MSR_STAR, CpuState.MSR_LSTAR, CpuState.MSR_CSTAR, CpuState.MSR_SFMASK,
                    CpuState.MSR_TSC_AUX, CpuState.MSR_PAT, CpuState.MSR_TSC -> true;
            default -> cpu.hasMsr(index);
        };
    }

    private static void rdmsr(Instruction instruction, Execution x) throws CpuException {
        CpuState cpu = x.cpu();
        Privilege.requireCpl0(cpu, instruction);
        int index = (int) cpu.gpr(RCX);
        if (!hasMsr(cpu, index)) {
            throw CpuException.generalProtection(0, String.format("rdmsr of MSR %#x the model lacks", index));
        }
        long value = index == CpuState.MSR_TSC ? x.machine().timeStampCounter() : cpu.msr(index);
        cpu.setGpr(RAX, value & 0xFFFF_FFFFL);
        cpu.setGpr(RDX, value >>> 32);
    }

    private static void wrmsr(Instruction instruction, Execution x) throws CpuException {
        CpuState cpu = x.cpu();
        Privilege.requireCpl0(cpu, instruction);
        int index = (int) cpu.gpr(RCX);
        long value = cpu.gpr(RDX) << 32 | cpu.gpr(RAX) & 0xFFFF_FFFFL;
        if (!hasMsr(cpu, index)) {
            throw CpuException.generalProtection(0, String.format("wrmsr of MSR %#x the model lacks", index));
        }
        if (index == CpuState.MSR_TSC) {
            throw new EngineError("wrmsr to the TSC at " + Long.toHexString(instruction.address())
                    + ": the model's TSC is a function of the instructions retired and cannot be set");
        }
        if ((index == CpuState.MSR_FS_BASE || index == CpuState.MSR_GS_BASE
                || index == CpuState.MSR_KERNEL_GS_BASE || index == CpuState.MSR_LSTAR
                || index == CpuState.MSR_CSTAR) && !Privilege.isCanonical(cpu, value)) {
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

    /** A loop, not a stream: every MOV a machine decodes asks, twice. */
    private static boolean usesRegisterOf(Instruction instruction, RegisterKind kind) {
        for (Operand operand : instruction.operands()) {
            if (operand instanceof RegisterOperand r && r.register().kind() == kind) {
                return true;
            }
        }
        return false;
    }

    private static void moveControlRegister(Instruction instruction, Execution x) throws CpuException {
        CpuState cpu = x.cpu();
        Privilege.requireCpl0(cpu, instruction);
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
            x.machine().mmu().flush();
        }
    }

    private static void moveDebugRegister(Instruction instruction, Execution x) throws CpuException {
        CpuState cpu = x.cpu();
        Privilege.requireCpl0(cpu, instruction);
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

    private static void cli(Instruction instruction, Execution x) throws CpuException {
        CpuState cpu = x.cpu();
        Privilege.requireIoPrivilege(cpu, instruction);
        cpu.setFlag(CpuState.IF, false);
    }

    private static void sti(Instruction instruction, Execution x) throws CpuException {
        CpuState cpu = x.cpu();
        Privilege.requireIoPrivilege(cpu, instruction);
        cpu.setFlag(CpuState.IF, true);
    }

    private static void pushf(Instruction instruction, Execution x) throws CpuException {
        CpuState cpu = x.cpu();
        x.push(cpu.rflags() & ~(CpuState.RF | VM), instruction.operandSize() / 8);
    }

    /** {@code popf}: IOPL changes only at CPL 0 and IF only at CPL <= IOPL, so user space never changes IF. */
    private static void popf(Instruction instruction, Execution x) throws CpuException {
        CpuState cpu = x.cpu();
        int size = instruction.operandSize() / 8;
        long value = x.pop(size);
        long modifiable = CpuState.STATUS_FLAGS | CpuState.TF | CpuState.DF | CpuState.NT | CpuState.AC
                | CpuState.ID | (cpu.cpl() == 0 ? CpuState.IOPL : 0) | (cpu.cpl() <= Privilege.iopl(cpu) ? CpuState.IF : 0);
        if (size == 2) {
            modifiable &= 0xFFFF;
        }
        cpu.setRflags(cpu.rflags() & ~modifiable & ~CpuState.RF | value & modifiable);
    }

    // --- descriptor tables ---

    private static void lgdt(Instruction instruction, Execution x) throws CpuException {
        CpuState cpu = x.cpu();
        Privilege.requireCpl0(cpu, instruction);
        long address = pseudoDescriptorAddress(instruction, x);
        LinearMemory memory = x.memory(MemoryRole.OPERAND);
        cpu.setGdtr(memory.read(address + 2, 8), (int) memory.read(address, 2));
    }

    private static void lidt(Instruction instruction, Execution x) throws CpuException {
        CpuState cpu = x.cpu();
        Privilege.requireCpl0(cpu, instruction);
        long address = pseudoDescriptorAddress(instruction, x);
        LinearMemory memory = x.memory(MemoryRole.OPERAND);
        cpu.setIdtr(memory.read(address + 2, 8), (int) memory.read(address, 2));
    }

    /** {@code sgdt} (allowed at CPL 3: the model has no UMIP). */
    private static void sgdt(Instruction instruction, Execution x) throws CpuException {
        CpuState cpu = x.cpu();
        storePseudoDescriptor(instruction, x, cpu.gdtrLimit(), cpu.gdtrBase());
    }

    private static void sidt(Instruction instruction, Execution x) throws CpuException {
        CpuState cpu = x.cpu();
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
    private static void ltr(Instruction instruction, Execution x) throws CpuException {
        CpuState cpu = x.cpu();
        Privilege.requireCpl0(cpu, instruction);
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

    private static void str(Instruction instruction, Execution x) throws CpuException {
        CpuState cpu = x.cpu();
        x.write(instruction, instruction.operands().get(0), cpu.trSelector());
    }

    /** {@code lldt}: the model keeps no LDT, which Linux uses only for modify_ldt(2) processes. */
    private static void lldt(Instruction instruction, Execution x) throws CpuException {
        CpuState cpu = x.cpu();
        Privilege.requireCpl0(cpu, instruction);
        int selector = (int) x.read(instruction, instruction.operands().get(0)) & 0xFFFF;
        if ((selector & 0xFFFC) != 0) {
            throw new EngineError(String.format("lldt %#x at %#x: the engine does not model LDTs", selector,
                    instruction.address()));
        }
    }

    private static void sldt(Instruction instruction, Execution x) throws CpuException {
        x.write(instruction, instruction.operands().get(0), 0);
    }

    // --- TLB, caches, halting ---

    private static void invlpg(Instruction instruction, Execution x) throws CpuException {
        CpuState cpu = x.cpu();
        Privilege.requireCpl0(cpu, instruction);
        x.machine().mmu().invalidate(x.effectiveAddress(instruction, instruction.memoryOperand().orElseThrow()));
    }

    private static void privilegedNoOperation(Instruction instruction, Execution x) throws CpuException {
        CpuState cpu = x.cpu();
        Privilege.requireCpl0(cpu, instruction);
    }

    private static void hlt(Instruction instruction, Execution x) throws CpuException {
        CpuState cpu = x.cpu();
        Privilege.requireCpl0(cpu, instruction);
        throw new EngineError(String.format("hlt at %#x: the engine delivers no interrupts, nothing would wake it",
                instruction.address()));
    }
}
