package org.hybridbridge.taint.shadow;

import java.util.List;
import java.util.function.LongFunction;

/**
 * What the taint rules need to know of the kernel build, from its profile.
 *
 * @param globals         the image's data: {@code .rodata}, {@code .data}, {@code .bss} (a load
 *                        from there is a taint source, an access there is redirectable)
 * @param kernelStackSize THREAD_SIZE: a task's kernel stack is this many bytes, aligned to its
 *                        size, so the stack in use is found from RSP (16 KiB on x86-64 without KASAN)
 * @param symbolizer      linear address to {@code symbol+offset}, per-CPU variables included;
 *                        {@code null} for an address no symbol covers
 */
public record KernelLayout(List<AddressRange> globals, long kernelStackSize, LongFunction<String> symbolizer) {

    public KernelLayout {
        globals = List.copyOf(globals);
        if (Long.bitCount(kernelStackSize) != 1) {
            throw new IllegalArgumentException("kernel stack size " + kernelStackSize + " is not a power of two");
        }
    }

    /** @return {@code symbol+offset} of {@code address}, or the address in hex when no symbol covers it */
    public String name(long address) {
        String symbol = symbolizer.apply(address);
        return symbol != null ? symbol : String.format("0x%x", address);
    }

    /** @return whether {@code address} is in the kernel image's data */
    public boolean isGlobal(long address) {
        for (int i = 0; i < globals.size(); i++) { // per memory access under analysis: no stream
            if (globals.get(i).contains(address)) {
                return true;
            }
        }
        return false;
    }

    /** @return the kernel stack that {@code stackPointer} (inside it, below its top) points into */
    public AddressRange kernelStackOf(long stackPointer) {
        return AddressRange.of(kernelStackBase(stackPointer), kernelStackSize);
    }

    /** @return the lowest address of the kernel stack {@code stackPointer} points into (allocates nothing) */
    public long kernelStackBase(long stackPointer) {
        return (stackPointer - 1) & -kernelStackSize;
    }
}
