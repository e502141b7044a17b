package org.hybridbridge.fast;

import java.util.ArrayList;
import java.util.List;

import org.hybridbridge.taint.SyscallRegisters;
import org.hybridbridge.x86.exec.AccessType;
import org.hybridbridge.x86.exec.CpuException;
import org.hybridbridge.x86.exec.CpuState;
import org.hybridbridge.x86.exec.Mmu;

/**
 * What the hardware LSTAR is. Normally {@code entry_SYSCALL_64}: a local system call takes no
 * exit. When every system call is trapped ({@link FastBridgeOptions#lockstep}) it is a kernel address no page table maps, as in the depriv tool: each
 * {@code syscall} then faults there once, its RCX and R11 already set, the VMM records the
 * utility's registers and the vCPU goes on at {@code entry_SYSCALL_64} as it would have.
 */
final class SyscallEntryTrap {

    /** The first byte of the kernel half's ESPFIX area, whose pages are mapped only for 16-bit stacks. */
    static final long UNMAPPED = 0xFFFF_FF00_0000_0000L;

    private final long entrySyscall;
    private final boolean trapping;
    private final List<SyscallRegisters> entries = new ArrayList<>();

    /** @param kernel checks that {@link #UNMAPPED} is not mapped when trapping */
    SyscallEntryTrap(long entrySyscall, boolean trapping, Mmu kernel) {
        this.entrySyscall = entrySyscall;
        this.trapping = trapping;
        if (trapping && isMapped(kernel)) {
            throw new FastBridgeException(String.format(
                    "the system-call trap address %#x is mapped in this kernel: it cannot trap every system call",
                    UNMAPPED));
        }
    }

    long lstar() {
        return trapping ? UNMAPPED : entrySyscall;
    }

    /** @return whether a fault at {@code rip} on {@code faultAddress} is a {@code syscall} landing on the trap */
    boolean isEntry(long rip, long faultAddress) {
        return trapping && rip == UNMAPPED && faultAddress == UNMAPPED;
    }

    /** Records the registers {@code syscall} left and sends the vCPU on into the kernel's entry. */
    void entered(CpuState cpu) {
        entries.add(SyscallRegisters.of(cpu));
        cpu.setRip(entrySyscall);
    }

    /** @return the registers at each system call, in order; empty when not trapping */
    List<SyscallRegisters> entries() {
        return List.copyOf(entries);
    }

    private static boolean isMapped(Mmu kernel) {
        try {
            kernel.translate(UNMAPPED, AccessType.EXECUTE);
            return true;
        } catch (CpuException unmapped) {
            return false;
        }
    }
}
