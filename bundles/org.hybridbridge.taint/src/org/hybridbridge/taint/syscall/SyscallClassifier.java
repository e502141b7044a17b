package org.hybridbridge.taint.syscall;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.hybridbridge.x86.exec.CpuException;
import org.hybridbridge.x86.exec.LinearMemory;

/**
 * Decides, at each {@code syscall} of the utility, how it runs: by its row in the {@link
 * SyscallTable} and, for the file calls, by whether the path or descriptor refers to {@code
 * /proc}. Tracks the descriptors that do: those returned by introspected {@code returns-fd}
 * calls, until they are closed.
 * <p>
 * Such a descriptor lives in the GVM's descriptor table, a local one in the SVM's: both tables
 * hand out their lowest free number, so {@code ps} reading {@code /etc/passwd} (local, fd 3)
 * while its {@code /proc} directory is open (GVM, fd 3) would see one number for two files. The
 * utility is therefore given the GVM's descriptor N as {@code N + }{@value #PROC_FD_BASE}
 * ({@link #completed}), and the kernel gets N back on each call that passes it ({@link
 * #kernelArgument}).
 */
public final class SyscallClassifier {

    /** Where the utility's numbers for the GVM's /proc descriptors start, far above a utility's own. */
    public static final int PROC_FD_BASE = 512;

    /** {@code dirfd} value meaning "the working directory". */
    private static final int AT_FDCWD = -100;
    /** The kernel's own file systems: their files are the kernel's state, the GVM's when introspected. */
    private static final List<Path> KERNEL_FILE_SYSTEMS = List.of(Path.of("/proc"), Path.of("/sys"));
    private static final int PATH_MAX = 4096;

    /** Reads a NUL-terminated string of the utility's memory; empty when it is not readable. */
    @FunctionalInterface
    public interface UserStrings {
        Optional<String> read(long address);

        /** @return strings read through {@code memory}; longer than PATH_MAX is unreadable (no path is longer) */
        static UserStrings from(LinearMemory memory) {
            return address -> {
                StringBuilder text = new StringBuilder();
                try {
                    for (int i = 0; i < PATH_MAX; i++) {
                        int c = (int) memory.read(address + i, 1);
                        if (c == 0) {
                            return Optional.of(text.toString());
                        }
                        text.append((char) c);
                    }
                    return Optional.empty();
                } catch (CpuException e) {
                    return Optional.empty();
                }
            };
        }
    }

    private final SyscallTable table;
    private final Set<Integer> procDescriptors = new HashSet<>();

    public SyscallClassifier(SyscallTable table) {
        this.table = table;
    }

    /**
     * @param number the syscall number (RAX)
     * @return its row, or an {@link IllegalStateException} naming it when the table does not list it
     */
    public Syscall lookup(long number) {
        return table.find(number).orElseThrow(() -> new IllegalStateException("syscall " + number
                + " is neither introspected nor local in the syscall table: add it (hb run --syscall-table FILE)"));
    }

    /**
     * @param arg0    RDI at the {@code syscall} (a descriptor argument is an {@code int}: its low 32 bits count)
     * @param arg1    RSI at the {@code syscall}
     * @param strings reads path arguments (a path that cannot be read runs locally: the kernel fails it)
     */
    public SyscallDecision decide(Syscall syscall, long arg0, long arg1, UserStrings strings) {
        int fd = (int) arg0;
        return switch (syscall.kind()) {
            case INTROSPECTED -> SyscallDecision.INTROSPECT;
            case LOCAL -> SyscallDecision.LOCAL;
            case EXIT -> SyscallDecision.EXIT;
            case OUTPUT -> fd == 1 || fd == 2 ? SyscallDecision.CAPTURE_OUTPUT : onDescriptor(fd);
            case PROC_FD -> onDescriptor(fd);
            case PROC_PATH -> strings.read(arg0).filter(SyscallClassifier::isAbsoluteProcPath).isPresent()
                    ? SyscallDecision.INTROSPECT : SyscallDecision.LOCAL;
            case PROC_AT_PATH -> atPath(fd, strings.read(arg1));
        };
    }

    /**
     * @param arg0 RDI as the utility passed it
     * @return what the kernel must find in RDI: a /proc descriptor's number in the GVM's table
     */
    public long kernelArgument(Syscall syscall, SyscallDecision decision, long arg0) {
        boolean descriptorArgument = syscall.kind() == SyscallClass.PROC_FD || syscall.kind() == SyscallClass.OUTPUT
                || syscall.kind() == SyscallClass.PROC_AT_PATH;
        return decision == SyscallDecision.INTROSPECT && descriptorArgument && isProcDescriptor((int) arg0)
                ? arg0 - PROC_FD_BASE : arg0;
    }

    /**
     * Records the result (RAX on return to user mode) of a syscall run as {@code decision}.
     *
     * @param arg0 RDI as the utility passed it
     * @return the result as the utility is to see it: a new /proc descriptor as the utility's number for it
     */
    public long completed(Syscall syscall, SyscallDecision decision, long arg0, long result) {
        if (decision != SyscallDecision.INTROSPECT) {
            return result;
        }
        if (syscall.returnsFd() && result >= 0) {
            procDescriptors.add((int) result + PROC_FD_BASE);
            return result + PROC_FD_BASE;
        }
        if (syscall.name().equals("close") && result == 0) {
            procDescriptors.remove((int) arg0);
        }
        return result;
    }

    /** @return whether a call of this row may be anything but a local call: every kind but {@code LOCAL} */
    public boolean mayIntrospect(Syscall syscall) {
        return syscall.kind() != SyscallClass.LOCAL;
    }

    /**
     * @return whether, without redirection, a call of this row may run otherwise than a local
     *         call: completed by the executor (output, exit), given back a translated descriptor
     *         ({@link #kernelArgument}: calls on a descriptor, at-calls on a directory descriptor),
     *         or a descriptor result to translate ({@link #completed}). Fast-Bridge stops only at these.
     */
    public boolean actsWithoutRedirection(Syscall syscall) {
        return switch (syscall.kind()) {
            case EXIT, OUTPUT, PROC_FD, PROC_AT_PATH -> true;
            case LOCAL -> false;
            case INTROSPECTED, PROC_PATH -> syscall.returnsFd();
        };
    }

    /**
     * @return whether {@link #completed} may change the result of such a call or what this
     *         classifier tracks: an executor that must stop the guest to learn a result (Fast-Bridge)
     *         stops only for these
     */
    public boolean needsResult(Syscall syscall, SyscallDecision decision) {
        return decision == SyscallDecision.INTROSPECT && (syscall.returnsFd() || syscall.name().equals("close"));
    }

    /** @return whether the utility's {@code fd} refers to a {@code /proc} file opened by an introspected call */
    public boolean isProcDescriptor(int fd) {
        return procDescriptors.contains(fd);
    }

    private SyscallDecision onDescriptor(int fd) {
        return isProcDescriptor(fd) ? SyscallDecision.INTROSPECT : SyscallDecision.LOCAL;
    }

    private SyscallDecision atPath(int dirfd, Optional<String> path) {
        if (path.isEmpty()) {
            return SyscallDecision.LOCAL;
        }
        boolean proc = path.get().startsWith("/") ? isAbsoluteProcPath(path.get())
                : dirfd != AT_FDCWD && isProcDescriptor(dirfd);
        return proc ? SyscallDecision.INTROSPECT : SyscallDecision.LOCAL;
    }

    private static boolean isAbsoluteProcPath(String path) {
        if (!path.startsWith("/")) {
            return false;
        }
        Path normal = Path.of(path).normalize();
        return KERNEL_FILE_SYSTEMS.stream().anyMatch(normal::startsWith);
    }
}
