package org.hybridbridge.taint;

import java.util.OptionalLong;

import org.hybridbridge.taint.syscall.Syscall;
import org.hybridbridge.taint.syscall.SyscallDecision;

/**
 * One system call the utility made, as {@code hb run --syscalls} lists it.
 *
 * @param syscall            its row in the syscall table
 * @param decision           how it ran
 * @param registers          the utility's registers at the {@code syscall}; of its arguments the table
 *                           does not say how many a call takes, so all six are kept
 * @param result             RAX as the utility got it back on its return to user mode (for a captured
 *                           write, the bytes written; a new {@code /proc} descriptor as the utility's
 *                           number for it); empty for {@code exit}/{@code exit_group}, which never return
 * @param kernelInstructions instructions run in kernel mode from the {@code syscall} to that return
 *                           (exceptions taken inside included); 0 where the kernel is not entered
 */
public record SyscallRecord(Syscall syscall, SyscallDecision decision, SyscallRegisters registers,
        OptionalLong result, long kernelInstructions) {

    /** @return the utility's RDI, RSI, RDX, R10, R8 and R9 at the {@code syscall} */
    public long[] arguments() {
        return registers.arguments();
    }
}
