package org.hybridbridge.taint.syscall;

/**
 * One row of the syscall table.
 *
 * @param number    the x86-64 ABI number (RAX at {@code syscall})
 * @param name      its name in {@code syscall_64.tbl}
 * @param kind      how it is run
 * @param returnsFd whether, introspected, it returns a descriptor that then refers to {@code /proc}
 */
public record Syscall(int number, String name, SyscallClass kind, boolean returnsFd) {

    @Override
    public String toString() {
        return name + "(" + number + ")";
    }
}
