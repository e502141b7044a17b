package org.hybridbridge.taint.syscall;

/** What Slow-Bridge does with one system call of the utility. */
public enum SyscallDecision {
    /** Runs in the kernel with taint analysis, its redirectable accesses served by the GVM image. */
    INTROSPECT,
    /** Runs in the kernel plainly, in the SVM. */
    LOCAL,
    /** A write to standard output or error: captured, the kernel is not entered. */
    CAPTURE_OUTPUT,
    /** {@code exit}/{@code exit_group}: the run ends with the status in RDI. */
    EXIT
}
