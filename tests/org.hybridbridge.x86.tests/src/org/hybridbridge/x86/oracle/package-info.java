/**
 * Unicorn (QEMU's CPU as a library, Debian {@code libunicorn2}) as an oracle for the engine: a
 * JNA binding, a loader that lays out a static ELF process as {@code execve} does, a tiny
 * user-mode Linux system-call emulator, and a {@link org.hybridbridge.x86.oracle.Lockstep} that
 * runs a real program on Unicorn and on the CPUs under test, comparing registers after every
 * instruction. Test code only.
 */
package org.hybridbridge.x86.oracle;
