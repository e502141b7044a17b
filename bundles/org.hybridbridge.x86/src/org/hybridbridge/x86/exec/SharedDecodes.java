package org.hybridbridge.x86.exec;

/**
 * Decoded instructions ready to run, shared by every {@link Machine} of the process that executes
 * with one {@link InstructionSet}, by physical address, in a two-way set-associative table (the
 * newer of a set first). Decoding is a pure function of the bytes and the address, resolving the
 * semantic one of the instruction and the set, and each run, replay or fallback starts a new
 * machine from a snapshot whose code is the last run's: a machine's own {@link DecodeCache} starts
 * empty, so without this it would decode every instruction again (and before semantics were
 * shared, it copied each shared decode to give it its own semantic). A hit is used only if the instruction
 * sits at the same linear address and the machine's memory holds its bytes
 * ({@link DecodedInstruction#stillIn}), so machines over different memories never take each
 * other's code. Four ways, not one: direct-mapped, about a fifth of warm ps's instructions (16,000
 * of 75,000 a run) had been evicted by another since the last run and were decoded again; two
 * ways still left ~5,500 a run. Entries
 * are immutable, so machines on other threads may share them without locks (a lost race only
 * costs a decode).
 */
final class SharedDecodes {

    /**
     * Slots: a power of two, about seven times the ~70,000 instructions a warm ps runs (at 2^18
     * slots, two ways, a tenth of them still evicted each other and were decoded again each run).
     */
    private static final int SLOT_BITS = 19;
    private static final int WAYS = 4;

    private final DecodedInstruction[] slots = new DecodedInstruction[1 << SLOT_BITS];
    private final CrossingInstructions crossing = new CrossingInstructions();

    /** @return the instructions that run on into the next page, shared alike */
    CrossingInstructions crossing() {
        return crossing;
    }

    /** @return the instruction decoded at {@code physical} and {@code linear} if {@code memory} holds it, or null */
    DecodedInstruction lookup(long physical, long linear, PhysicalMemory memory) {
        int set = set(physical);
        for (int way = set; way < set + WAYS; way++) {
            DecodedInstruction shared = slots[way];
            if (shared != null && shared.physical() == physical) {
                return shared.instruction().address() == linear && shared.stillIn(memory) ? shared : null;
            }
        }
        return null;
    }

    /**
     * Shares an instruction that lies within one page, first in its set: the others move down in
     * place of the one at the same address, or of a free way, else of the oldest.
     */
    void put(DecodedInstruction decoded) {
        int set = set(decoded.physical());
        int replaced = set;
        while (replaced < set + WAYS - 1 && slots[replaced] != null
                && slots[replaced].physical() != decoded.physical()) {
            replaced++;
        }
        System.arraycopy(slots, set, slots, set + 1, replaced - set);
        slots[set] = decoded;
    }

    /**
     * The first slot of the address's set, by Fibonacci hashing of the whole address: two
     * instructions share a set by chance, not because they lie a multiple of the table's size
     * apart as kernel text and user code often do.
     */
    private static int set(long physical) {
        return (int) ((physical * 0x9E37_79B9_7F4A_7C15L) >>> (Long.SIZE - SLOT_BITS)) & -WAYS;
    }
}
