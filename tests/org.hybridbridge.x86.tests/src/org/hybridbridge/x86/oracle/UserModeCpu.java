package org.hybridbridge.x86.oracle;

/**
 * One side of a lockstep: a CPU running a Linux process in user mode over its own memory.
 * Memory is mapped in whole pages, readable, writable and executable; mapping a page twice is
 * harmless. GPRs are numbered by encoding (0 = RAX ... 15 = R15).
 */
interface UserModeCpu extends AutoCloseable {

    /** @return a short name for messages ({@code "unicorn"}, {@code "engine"}) */
    String name();

    /** Maps the pages covering {@code [address, address + length)}, zero-filled where new. */
    void map(long address, long length);

    boolean isMapped(long address);

    void write(long address, byte[] bytes);

    byte[] read(long address, int length);

    long gpr(int number);

    void setGpr(int number, long value);

    long rip();

    void setRip(long value);

    /** What {@code arch_prctl(ARCH_SET_FS)} does: the kernel writes MSR_FS_BASE. */
    void setFsBase(long value);

    RegisterFile registers();

    /** Loads every register of {@code registers} (the start of a run, or a resynchronisation after a divergence). */
    void setRegisters(RegisterFile registers);

    /** Executes one instruction at RIP (for a {@code rep} string instruction: possibly one iteration). */
    void step();

    @Override
    void close();
}
