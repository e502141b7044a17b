package org.hybridbridge.taint;

import org.hybridbridge.taint.syscall.SyscallTable;

/**
 * How to run a utility in Slow-Bridge.
 *
 * @param utility           the utility's name (its meta-data provenance)
 * @param syscalls          which system calls are introspected
 * @param serviceRoutine    where an introspected system call's redirection starts: the kernel
 *                          function that dispatches to the syscall's handler ({@code x64_sys_call};
 *                          {@code do_syscall_64} on kernels without it). Redirection covers that
 *                          call and ends when it returns: the entry code before it loads the
 *                          kernel stack pointer from per-CPU data, and the exit work after it acts
 *                          on the current task (signals, rescheduling); both must be the SVM's own.
 * @param trouble           where the kernel handles its own trouble, watched for warnings ({@link KernelTrouble})
 * @param budget            the run's limits; reaching one is an error
 * @param gvm               the GVM image redirectable accesses go to, or {@code null} to run
 *                          without redirection (the analysis still runs and learns meta-data)
 * @param kernelBanner      the kernel build's banner, which the meta-data is keyed by
 */
public record SlowBridgeOptions(String utility, SyscallTable syscalls, long serviceRoutine,
        KernelTroubleSites trouble, RunBudget budget,
        GvmImage gvm, String kernelBanner) {
}
