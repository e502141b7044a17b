package org.hybridbridge.x86.oracle;

/** 4 KiB page arithmetic of the user address space. */
final class Pages {

    static final int SIZE = 4096;
    static final long MASK = SIZE - 1;

    private Pages() {
    }

    static long roundDown(long address) {
        return address & ~MASK;
    }

    static long roundUp(long address) {
        return (address + MASK) & ~MASK;
    }
}
