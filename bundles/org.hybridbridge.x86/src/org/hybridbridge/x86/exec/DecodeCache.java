package org.hybridbridge.x86.exec;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

import org.hybridbridge.x86.Instruction;

/**
 * Decoded instructions by the physical address of their first byte. A hit is used only if the
 * instruction sits at the same linear address and its bytes are still those in memory, so
 * code written since (self-modifying code, a module loaded, Slow-Bridge patching memory) is
 * decoded again without any write having to be watched.
 */
final class DecodeCache {

    /** Beyond this many instructions the cache starts over. */
    private static final int CAPACITY = 1 << 16;

    private final Map<Long, Instruction> instructions = new HashMap<>();

    /**
     * @param physical  the physical address of the first byte
     * @param linear    the RIP it is fetched at
     * @param window    the bytes now in memory from {@code physical}
     * @param available how many bytes of {@code window} are valid (up to the end of the page)
     * @return the cached instruction, or {@code null}
     */
    Instruction lookup(long physical, long linear, byte[] window, int available) {
        Instruction cached = instructions.get(physical);
        if (cached == null || cached.address() != linear || cached.length() > available) {
            return null;
        }
        byte[] bytes = cached.bytes();
        return Arrays.equals(bytes, 0, bytes.length, window, 0, bytes.length) ? cached : null;
    }

    /** Caches an instruction that lies within one page. */
    void put(long physical, Instruction instruction) {
        if (instructions.size() >= CAPACITY) {
            instructions.clear();
        }
        instructions.put(physical, instruction);
    }
}
