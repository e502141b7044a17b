package org.hybridbridge.taint.syscall;

import java.util.Arrays;
import java.util.Optional;

/** The {@code CLASS} column of the syscall table ({@code x86_64-syscalls.txt} documents each). */
public enum SyscallClass {
    INTROSPECTED("introspected"),
    LOCAL("local"),
    EXIT("exit"),
    OUTPUT("output"),
    PROC_FD("proc-fd"),
    PROC_PATH("proc-path"),
    PROC_AT_PATH("proc-at-path");

    private final String spelling;

    SyscallClass(String spelling) {
        this.spelling = spelling;
    }

    /** @return how the table spells it */
    public String spelling() {
        return spelling;
    }

    static Optional<SyscallClass> parse(String text) {
        return Arrays.stream(values()).filter(c -> c.spelling.equals(text)).findFirst();
    }
}
