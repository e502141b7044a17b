package org.hybridbridge.taint.syscall;

/** What Slow-Bridge does with one system call of the utility. */
public enum SyscallDecision {
    /** Runs in the kernel with taint analysis, its redirectable accesses served by the GVM image. */
    INTROSPECT("introspected"),
    /** Runs in the kernel plainly, in the SVM. */
    LOCAL("local"),
    /** A write to standard output or error: captured, the kernel is not entered. */
    CAPTURE_OUTPUT("output"),
    /** {@code exit}/{@code exit_group}: the run ends with the status in RDI. */
    EXIT("exit");

    private final String word;

    SyscallDecision(String word) {
        this.word = word;
    }

    /** @return its class as {@code hb run --syscalls} and the run's JSON name it */
    public String word() {
        return word;
    }
}
