package org.hybridbridge.x86.exec;

/**
 * Delivers an exception through the guest's 64-bit IDT as the processor does in long mode:
 * gate checks, the stack switch to TSS.RSP0 on a privilege change or to an IST stack, the
 * 16-byte-aligned frame (SS, RSP, RFLAGS, CS, RIP, error code), CR2 for #PF, and the
 * escalation of a fault during delivery into #DF and of a fault during #DF into a triple fault.
 */
final class ExceptionDelivery {

    private static final int RSP = 4, CS = 1, SS = 2;
    private static final int GATE_SIZE = 16, INTERRUPT_GATE = 0xE, TRAP_GATE = 0xF;
    private static final int TSS_RSP0 = 4, TSS_IST1 = 0x24;
    /** VM (bit 17) is cleared on delivery too; CpuState has no constant for a flag long mode never sets. */
    private static final long VM = 1L << 17;

    private final CpuState cpu;
    private final LinearMemory system;

    /**
     * @param system the memory the processor reads the IDT, GDT and TSS from and pushes the frame
     *               to: supervisor accesses whatever the CPL
     */
    ExceptionDelivery(CpuState cpu, LinearMemory system) {
        this.cpu = cpu;
        this.system = system;
    }

    /**
     * Delivers {@code exception}; RIP is already what the frame must hold (the faulting
     * instruction, or the next one for a trap).
     *
     * @param instructionAddress the address of the instruction that raised it: a fault while
     *                           delivering a software interrupt is a fault of that instruction
     * @throws EngineError on a triple fault
     */
    void deliver(CpuException exception, long instructionAddress) {
        CpuException pending = exception;
        while (true) {
            if (pending.vector() == CpuException.PF) {
                cpu.setCr(2, pending.faultAddress());
            }
            try {
                deliverOnce(pending);
                return;
            } catch (CpuException during) {
                cpu.setRip(instructionAddress);
                if (pending.vector() == CpuException.DF) {
                    throw new EngineError(String.format("triple fault: %s while delivering #DF at %#x",
                            during.getMessage(), cpu.rip()));
                }
                pending = isDoubleFault(pending, during)
                        ? CpuException.of(CpuException.DF, 0, "#DF: " + during.getMessage() + " while delivering "
                                + pending.getMessage())
                        : during;
            }
        }
    }

    /** SDM Vol. 3 Table 6-5: which second exception during delivery makes a double fault. */
    private static boolean isDoubleFault(CpuException first, CpuException second) {
        boolean secondContributory = isContributory(second.vector());
        return isContributory(first.vector()) && secondContributory
                || first.vector() == CpuException.PF && (secondContributory || second.vector() == CpuException.PF);
    }

    private static boolean isContributory(int vector) {
        return switch (vector) {
            case CpuException.DE, CpuException.TS, CpuException.NP, CpuException.SS, CpuException.GP -> true;
            default -> false;
        };
    }

    private void deliverOnce(CpuException exception) throws CpuException {
        int vector = exception.vector();
        int ext = exception.isSoftware() ? 0 : 1;
        int gateError = vector * 8 + 2 + ext;
        if (vector * GATE_SIZE + GATE_SIZE - 1 > cpu.idtrLimit()) {
            throw CpuException.of(CpuException.GP, gateError, "#GP: vector " + vector + " beyond the IDT limit");
        }
        long gateAddress = cpu.idtrBase() + (long) vector * GATE_SIZE;
        long low = system.read(gateAddress, 8);
        long high = system.read(gateAddress + 8, 8);
        int type = (int) (low >>> 40) & 0xF;
        int gateDpl = (int) (low >>> 45) & 3;
        if (type != INTERRUPT_GATE && type != TRAP_GATE) {
            throw CpuException.of(CpuException.GP, gateError, "#GP: IDT entry " + vector + " is not a 64-bit gate");
        }
        if (exception.isSoftware() && gateDpl < cpu.cpl()) {
            throw CpuException.of(CpuException.GP, gateError, "#GP: IDT gate " + vector + " has DPL " + gateDpl);
        }
        if ((low & (1L << 47)) == 0) {
            throw CpuException.of(CpuException.NP, gateError, "#NP: IDT entry " + vector + " not present");
        }
        int selector = (int) (low >>> 16) & 0xFFFF;
        int ist = (int) (low >>> 32) & 7;
        long target = (low & 0xFFFF) | (low >>> 48 & 0xFFFF) << 16 | (high & 0xFFFF_FFFFL) << 32;
        SegmentDescriptor code = SegmentDescriptor.read(system, cpu, selector, ext);
        int cpl = cpu.cpl();
        int newCpl = code.dpl();
        if (!code.isLongModeCode() || newCpl > cpl) {
            throw CpuException.of(CpuException.GP, (selector & 0xFFFC) | ext,
                    String.format("#GP: IDT gate %d selector %#x is not a 64-bit code segment at DPL <= CPL", vector,
                            selector));
        }
        long rsp;
        if (ist != 0) {
            rsp = system.read(cpu.trBase() + TSS_IST1 + (ist - 1) * 8L, 8);
        } else if (newCpl < cpl) {
            rsp = system.read(cpu.trBase() + TSS_RSP0 + newCpl * 8L, 8);
        } else {
            rsp = cpu.gpr(RSP);
        }
        rsp &= ~0xFL;
        long[] frame = exception.hasErrorCode()
                ? new long[] { exception.errorCode() & 0xFFFF_FFFFL, cpu.rip(), cpu.selector(CS), cpu.rflags(),
                        cpu.gpr(RSP), cpu.selector(SS) }
                : new long[] { cpu.rip(), cpu.selector(CS), cpu.rflags(), cpu.gpr(RSP), cpu.selector(SS) };
        rsp -= frame.length * 8L;
        system.write(rsp, toBytes(frame));
        if (newCpl != cpl) {
            // long mode loads SS with a null selector of the new privilege level
            cpu.setSegment(SS, newCpl, 0, newCpl << 13);
        }
        cpu.setSegment(CS, (selector & ~3) | newCpl, 0, code.flags());
        cpu.setGpr(RSP, rsp);
        cpu.setRip(target);
        long cleared = CpuState.TF | CpuState.NT | CpuState.RF | VM | (type == INTERRUPT_GATE ? CpuState.IF : 0);
        cpu.setRflags(cpu.rflags() & ~cleared);
    }

    private static byte[] toBytes(long[] quadwords) {
        byte[] bytes = new byte[quadwords.length * 8];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) (quadwords[i / 8] >>> (8 * (i % 8)));
        }
        return bytes;
    }
}
