package org.hybridbridge.fast.codepage;

/** Where the builder reads the kernel's text: a snapshot through its page tables, or a test's array. */
@FunctionalInterface
public interface TextBytes {

    /** @return the {@code length} bytes of kernel text at kernel virtual address {@code address} */
    byte[] read(long address, int length);
}
