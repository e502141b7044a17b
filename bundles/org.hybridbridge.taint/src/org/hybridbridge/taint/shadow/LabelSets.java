package org.hybridbridge.taint.shadow;

import java.util.Arrays;

/**
 * Taint labels as interned sets of taint sources (DESIGN.md 3.3: a written operand carries the
 * union of its sources' labels): label 0 is the empty set (clean), every other label one set,
 * so a shadow byte or register stays one {@code int}. A union of two labels is looked up in a
 * memo keyed by the ordered pair (open addressing over {@code long} keys): after the first time
 * a pair meets, it costs a multiply and a probe and allocates nothing; the equal and clean cases,
 * by far the most frequent, return before the memo. Interning a set, at a pair's first meeting,
 * allocates only the members of a set not seen before.
 */
final class LabelSets {

    /** The members of each label, source numbers in increasing order; label 0's is empty. */
    private int[][] members = { new int[0] };
    private int count = 1;
    /** Labels by the hash of their members, open addressing (0: a free slot): consulted when a pair first meets. */
    private int[] bySet = new int[1024];

    /** Where a union's members are merged, so that a union that is an existing set allocates no array. */
    private int[] scratch = new int[16];

    private long[] pairs = new long[1024];
    private int[] unions = new int[1024];
    private int pairCount;

    /** @return the label of the set of source {@code source} alone (source numbers count from 0) */
    int singleton(int source) {
        scratch[0] = source;
        return intern(1);
    }

    /** @return the label of the union of the sets {@code a} and {@code b} */
    int union(int a, int b) {
        if (a == b || b == 0) {
            return a;
        }
        if (a == 0) {
            return b;
        }
        long pair = a < b ? (long) a << 32 | b : (long) b << 32 | a;
        int mask = pairs.length - 1;
        for (int i = slot(pair, mask);; i = (i + 1) & mask) {
            if (unions[i] == 0) {
                return remember(pair, merge(members[a], members[b]));
            }
            if (pairs[i] == pair) {
                return unions[i];
            }
        }
    }

    /** @return the source numbers of {@code label}'s set, in increasing order (not to be changed) */
    int[] members(int label) {
        return members[label];
    }

    /** @return how many labels there are, 0 included: the labels are {@code 0 .. count() - 1} */
    int count() {
        return count;
    }

    private int remember(long pair, int memberCount) {
        int label = intern(memberCount);
        if (2 * (pairCount + 1) > pairs.length) {
            growPairs();
        }
        put(pair, label);
        return label;
    }

    private void put(long pair, int label) {
        int mask = pairs.length - 1;
        int i = slot(pair, mask);
        while (unions[i] != 0) {
            i = (i + 1) & mask;
        }
        pairs[i] = pair;
        unions[i] = label;
        pairCount++;
    }

    private void growPairs() {
        long[] oldPairs = pairs;
        int[] oldUnions = unions;
        pairs = new long[2 * oldPairs.length];
        unions = new int[2 * oldPairs.length];
        pairCount = 0;
        for (int i = 0; i < oldPairs.length; i++) {
            if (oldUnions[i] != 0) {
                put(oldPairs[i], oldUnions[i]);
            }
        }
    }

    /** @return the label of the set of the first {@code memberCount} sources of {@link #scratch} */
    private int intern(int memberCount) {
        int mask = bySet.length - 1;
        for (int i = hash(scratch, memberCount) & mask;; i = (i + 1) & mask) {
            int label = bySet[i];
            if (label == 0) {
                break;
            }
            if (Arrays.equals(members[label], 0, members[label].length, scratch, 0, memberCount)) {
                return label;
            }
        }
        if (count == members.length) {
            members = Arrays.copyOf(members, 2 * count);
        }
        members[count] = Arrays.copyOf(scratch, memberCount);
        if (2 * count >= bySet.length) {
            bySet = new int[2 * bySet.length];
            for (int label = 1; label < count; label++) {
                place(label);
            }
        }
        place(count);
        return count++;
    }

    private void place(int label) {
        int mask = bySet.length - 1;
        int i = hash(members[label], members[label].length) & mask;
        while (bySet[i] != 0) {
            i = (i + 1) & mask;
        }
        bySet[i] = label;
    }

    private static int hash(int[] sources, int length) {
        int hash = 1;
        for (int i = 0; i < length; i++) {
            hash = 31 * hash + sources[i];
        }
        return hash * 0x9E3779B9 >>> 8;
    }

    /** Merges two sorted sets into {@link #scratch}; @return how many members the union has */
    private int merge(int[] a, int[] b) {
        if (scratch.length < a.length + b.length) {
            scratch = new int[2 * (a.length + b.length)];
        }
        int[] merged = scratch;
        int i = 0, j = 0, n = 0;
        while (i < a.length || j < b.length) {
            if (j == b.length || i < a.length && a[i] < b[j]) {
                merged[n++] = a[i++];
            } else if (i == a.length || b[j] < a[i]) {
                merged[n++] = b[j++];
            } else {
                merged[n++] = a[i++];
                j++;
            }
        }
        return n;
    }

    private static int slot(long pair, int mask) {
        return (int) ((pair * 0x9E3779B97F4A7C15L) >>> 32) & mask;
    }
}
