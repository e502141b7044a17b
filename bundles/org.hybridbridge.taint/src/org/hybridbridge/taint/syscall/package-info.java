/**
 * Which system calls of the inspection utility Slow-Bridge introspects and which it runs
 * locally: the {@link org.hybridbridge.taint.syscall.SyscallTable} (a documented, replaceable
 * text table, {@code x86_64-syscalls.txt}) and the descriptors that refer to {@code /proc}
 * ({@link org.hybridbridge.taint.syscall.SyscallClassifier}).
 */
package org.hybridbridge.taint.syscall;
