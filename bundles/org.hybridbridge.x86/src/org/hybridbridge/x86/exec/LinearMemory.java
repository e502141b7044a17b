package org.hybridbridge.x86.exec;

/**
 * Memory as an instruction sees it: linear (virtual) addresses, translated through a page-table
 * hierarchy with the access checks of the current privilege level. An access that cannot be
 * translated raises #PF. Accesses may cross a page boundary; both pages are checked first.
 */
public interface LinearMemory {

    /** @return {@code size} bytes (1, 2, 4 or 8) at {@code address}, zero-extended */
    long read(long address, int size) throws CpuException;

    /** Writes the low {@code size} bytes (1, 2, 4 or 8) of {@code value} at {@code address}. */
    void write(long address, int size, long value) throws CpuException;

    /** Reads {@code target.length} bytes (SSE operands, FXSAVE areas, descriptor tables). */
    default void read(long address, byte[] target) throws CpuException {
        read(address, target, target.length);
    }

    /** Writes {@code source} at {@code address}. */
    default void write(long address, byte[] source) throws CpuException {
        write(address, source, source.length);
    }

    /** Reads {@code length} bytes into the start of {@code target} (a reused buffer: string runs). */
    void read(long address, byte[] target, int length) throws CpuException;

    /** Writes the first {@code length} bytes of {@code source} at {@code address}. */
    void write(long address, byte[] source, int length) throws CpuException;
}
