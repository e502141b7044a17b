package org.hybridbridge.cli;

import java.io.PrintWriter;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import org.hybridbridge.taint.SyscallRecord;

/**
 * {@code hb run --syscalls}: the utility's system calls as strace would show them, one a line,
 * with how Slow-Bridge ran each and the kernel instructions it took. Every field is a number or
 * a name from the syscall table, never the guest's text, so nothing needs escaping.
 */
final class SyscallListing {

    /** Linux returns -errno in [-4095, -1] (IS_ERR_VALUE). */
    private static final long MAX_ERRNO = 4095;
    /** Linux's lowest mappable address (vm.mmap_min_addr): a larger result is most likely one (brk, mmap). */
    private static final long MMAP_MIN_ADDR = 0x10000;

    private SyscallListing() {
    }

    static void print(String commandLine, List<SyscallRecord> syscalls, PrintWriter out) {
        out.printf("-- system calls of %s: %d (number, name, class, arguments RDI RSI RDX R10 R8 R9, result; "
                + "? for exit)%n", commandLine, syscalls.size());
        for (SyscallRecord record : syscalls) {
            out.printf("%4d %-16s %-12s (%s) = %s  %,d kernel instructions%n", record.syscall().number(), record.syscall().name(),
                    record.decision().word(), Arrays.stream(record.arguments()).mapToObj(SyscallListing::hex)
                            .collect(Collectors.joining(", ")),
                    record.result().isPresent() ? result(record.result().getAsLong()) : "?", // exit never returns
                    record.kernelInstructions());
        }
        out.flush();
    }

    /** @return an error, a count or a descriptor in decimal, an address in hex */
    static String result(long value) {
        return value >= -MAX_ERRNO && value < MMAP_MIN_ADDR ? Long.toString(value) : hex(value);
    }

    private static String hex(long value) {
        return "0x" + Long.toHexString(value);
    }
}
