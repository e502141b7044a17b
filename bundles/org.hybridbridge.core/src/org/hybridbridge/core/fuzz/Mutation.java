package org.hybridbridge.core.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.Random;

import org.hybridbridge.x86.exec.PhysicalMemory;

/**
 * One way a hostile or broken guest damages a page of its kernel's data. Each works on any page
 * without knowing its structures: kernel pointers are recognised by value (direct-map addresses
 * into the guest's RAM), names by runs of printable bytes.
 */
public enum Mutation {
    ZERO_PAGE("zeroed page") {
        @Override
        int apply(PhysicalMemory memory, long page, Damage damage) {
            memory.write(page, new byte[PAGE], 0, PAGE);
            return PAGE;
        }
    },
    RANDOM_PAGE("random bytes") {
        @Override
        int apply(PhysicalMemory memory, long page, Damage damage) {
            byte[] bytes = new byte[PAGE];
            damage.random().nextBytes(bytes);
            memory.write(page, bytes, 0, PAGE);
            return PAGE;
        }
    },
    /** A {@code next} that points at itself: list and tree walks go round forever. */
    SELF_LOOP_POINTERS("pointers to themselves") {
        @Override
        int apply(PhysicalMemory memory, long page, Damage damage) {
            return replacePointers(memory, page, damage, slot -> damage.guest().directMap() + slot);
        }
    },
    /** Pointers past the guest's RAM: every walk that follows one faults. */
    DANGLING_POINTERS("dangling pointers") {
        @Override
        int apply(PhysicalMemory memory, long page, Damage damage) {
            return replacePointers(memory, page, damage,
                    slot -> damage.guest().directMap() + damage.guest().ramEnd()
                            + ((long) damage.random().nextInt(1 << 20) << 12));
        }
    },
    /** "Linux version" strings a guest plants to pass for another kernel. */
    PLANTED_BANNERS("planted banners") {
        @Override
        int apply(PhysicalMemory memory, long page, Damage damage) {
            byte[] banner = "Linux version 9.9.9-planted (root@hostile) #1 SMP\n\0".getBytes(StandardCharsets.US_ASCII);
            for (int i = 0; i < 4; i++) {
                memory.write(page + damage.random().nextInt(PAGE - banner.length), banner, 0, banner.length);
            }
            return 4 * banner.length;
        }
    },
    /** Terminal escapes in names: a process called ESC[2J clears the analyst's screen if printed raw. */
    CONTROL_CHARACTERS("control characters in names") {
        @Override
        int apply(PhysicalMemory memory, long page, Damage damage) {
            byte[] bytes = new byte[PAGE];
            memory.read(page, bytes, 0, PAGE);
            byte[] escape = "\u001b[2J\u001b]0;PWN\u0007".getBytes(StandardCharsets.US_ASCII);
            int changed = 0;
            for (int start = 0, run = 0; start < PAGE; start++) {
                run = bytes[start] >= 0x20 && bytes[start] < 0x7f ? run + 1 : 0;
                if (run == MIN_NAME && damage.random().nextInt(4) == 0) {
                    int at = start + 1 - MIN_NAME;
                    int length = Math.min(escape.length, PAGE - at);
                    memory.write(page + at, escape, 0, length);
                    changed += length;
                }
            }
            return changed;
        }
    };

    static final int PAGE = 4096;
    private static final int MIN_NAME = 4;
    private static final int MOST_POINTERS = 8;

    private final String label;

    Mutation(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** Damages the page at physical {@code page} in {@code memory}: @return the bytes changed, 0 if none */
    abstract int apply(PhysicalMemory memory, long page, Damage damage);

    /** A new value for a pointer found at the physical address {@code slot}. */
    private interface PointerValue {
        long at(long slot);
    }

    /** Replaces up to {@link #MOST_POINTERS} direct-map pointers of the page, chosen at random. */
    private static int replacePointers(PhysicalMemory memory, long page, Damage damage, PointerValue value) {
        int replaced = 0;
        for (int offset = 0; offset < PAGE && replaced < MOST_POINTERS; offset += 8) {
            long word = memory.read(page + offset, 8);
            if (damage.guest().isDirectMapPointer(word) && damage.random().nextInt(3) == 0) {
                memory.write(page + offset, 8, value.at(page + offset));
                replaced++;
            }
        }
        return replaced * 8;
    }

    /**
     * Where the guest's kernel pointers point: pointer mutations recognise them by value.
     *
     * @param directMap the guest's {@code page_offset_base}: the virtual address of physical 0
     * @param ramEnd    the end of the guest's RAM (physical)
     */
    record GuestLayout(long directMap, long ramEnd) {

        boolean isDirectMapPointer(long word) {
            long physical = word - directMap;
            return word < 0 && physical >= 0 && physical < ramEnd;
        }
    }

    /** What a mutation works with: the guest's layout and the variant's random numbers. */
    record Damage(GuestLayout guest, Random random) {
    }
}
