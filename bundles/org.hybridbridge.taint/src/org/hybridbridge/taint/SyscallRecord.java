package org.hybridbridge.taint;

import org.hybridbridge.taint.syscall.Syscall;
import org.hybridbridge.taint.syscall.SyscallDecision;

/**
 * One system call the utility made.
 *
 * @param syscall  its row in the syscall table
 * @param decision how it ran
 * @param result   RAX when it returned to user mode (for a captured write, the bytes written;
 *                 for exit, the status); {@link Long#MIN_VALUE} if the run ended inside it
 */
public record SyscallRecord(Syscall syscall, SyscallDecision decision, long result) {
}
