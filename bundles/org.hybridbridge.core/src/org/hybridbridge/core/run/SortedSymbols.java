package org.hybridbridge.core.run;

import java.util.Arrays;
import java.util.function.LongConsumer;

/**
 * Symbols of one region (the kernel image, the per-CPU area) by offset from its start, in two
 * sorted arrays: the name at or below an offset is a binary search. Built by sorting each
 * symbol's offset packed with its index into one {@code long}, so 80,000 kallsyms entries sort
 * without boxing (a {@code TreeMap<Long, String>} of them was a twentieth of a fresh {@code hb run}).
 */
final class SortedSymbols {

    private final long[] offsets;
    private final String[] names;

    private SortedSymbols(long[] offsets, String[] names) {
        this.offsets = offsets;
        this.names = names;
    }

    /** @return {@code symbol+0xoffset} of the symbol at or below {@code offset}, or {@code null} when none is */
    String name(long offset) {
        int at = Arrays.binarySearch(offsets, offset);
        int floor = at >= 0 ? at : -at - 2;
        return floor < 0 ? null : names[floor] + "+0x" + Long.toHexString(offset - offsets[floor]);
    }

    /** Gives {@code action} the offset of every symbol below {@code end}, in order. */
    void forEachOffsetBelow(long end, LongConsumer action) {
        for (int i = 0; i < offsets.length && offsets[i] < end; i++) {
            action.accept(offsets[i]);
        }
    }

    /** Collects the symbols of a region under 2 GiB: an offset and an index share one non-negative word. */
    static final class Builder {

        private long[] offsets = new long[1024];
        private String[] names = new String[1024];
        private int count;

        /** @param size the region's size */
        Builder(long size) {
            if (size < 0 || size > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("a symbol region of " + size + " bytes: under 2 GiB is named");
            }
        }

        /** Adds {@code name} at {@code offset}, which must lie in the region. */
        void add(long offset, String name) {
            if (count == offsets.length) {
                offsets = Arrays.copyOf(offsets, 2 * count);
                names = Arrays.copyOf(names, 2 * count);
            }
            offsets[count] = offset;
            names[count++] = name;
        }

        /** @return the symbols sorted by offset; of two names at one offset, {@link #preferred}'s */
        SortedSymbols build() {
            long[] packed = new long[count];
            for (int i = 0; i < count; i++) {
                packed[i] = offsets[i] << 32 | i;
            }
            Arrays.sort(packed);
            long[] sortedOffsets = new long[count];
            String[] sortedNames = new String[count];
            int distinct = 0;
            for (long entry : packed) {
                long offset = entry >>> 32;
                String name = names[(int) entry];
                if (distinct > 0 && sortedOffsets[distinct - 1] == offset) {
                    sortedNames[distinct - 1] = preferred(sortedNames[distinct - 1], name);
                } else {
                    sortedOffsets[distinct] = offset;
                    sortedNames[distinct++] = name;
                }
            }
            return new SortedSymbols(Arrays.copyOf(sortedOffsets, distinct), Arrays.copyOf(sortedNames, distinct));
        }

        /**
         * Of two names at one address, the one with fewer leading underscores (the variable, not a
         * section marker: {@code fixed_percpu_data} over {@code __per_cpu_start}), then the first
         * alphabetically ({@code __do_sys_getpid} over {@code __x64_sys_getpid}).
         */
        private static String preferred(String a, String b) {
            int underscores = Integer.compare(leadingUnderscores(a), leadingUnderscores(b));
            if (underscores != 0) {
                return underscores < 0 ? a : b;
            }
            return a.compareTo(b) <= 0 ? a : b;
        }

        private static int leadingUnderscores(String name) {
            int count = 0;
            while (count < name.length() && name.charAt(count) == '_') {
                count++;
            }
            return count;
        }
    }
}
