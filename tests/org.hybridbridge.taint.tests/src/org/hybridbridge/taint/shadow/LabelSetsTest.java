package org.hybridbridge.taint.shadow;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;

/** Labels as interned sets of sources: the oracle is the sets themselves, compared as sorted arrays. */
class LabelSetsTest {

    private final LabelSets sets = new LabelSets();

    @Test
    void aSetHasOneLabelWhicheverUnionsMadeIt() {
        int a = sets.singleton(0), b = sets.singleton(1), c = sets.singleton(2);
        int ab = sets.union(a, b);
        int bc = sets.union(c, b);

        assertEquals(sets.union(ab, c), sets.union(a, bc), "{0,1} ∪ {2} and {0} ∪ {1,2}");
        assertArrayEquals(new int[] { 0, 1, 2 }, sets.members(sets.union(bc, a)));
        assertEquals(ab, sets.union(b, a), "the order of the operands does not matter");
        assertEquals(ab, sets.union(ab, a), "a set united with one of its subsets is itself");
        assertNotEquals(ab, bc);
    }

    @Test
    void cleanIsTheEmptySetAndLeavesTheOtherLabel() {
        int a = sets.singleton(0);

        assertEquals(a, sets.union(0, a));
        assertEquals(a, sets.union(a, 0));
        assertEquals(0, sets.union(0, 0));
        assertArrayEquals(new int[0], sets.members(0));
    }

    @Test
    void thousandsOfSetsAndPairsStayDistinctAsTheTablesGrow() {
        int[] singles = new int[3000];
        for (int i = 0; i < singles.length; i++) {
            singles[i] = sets.singleton(i);
        }
        int chain = singles[0];
        for (int i = 1; i < singles.length; i++) {
            chain = sets.union(chain, singles[i]);
            assertEquals(i + 1, sets.members(chain).length);
            assertEquals(sets.union(singles[i - 1], singles[i]), sets.union(singles[i], singles[i - 1]));
        }
        assertEquals(chain, sets.union(singles[1234], chain));
        assertEquals(1 + 3000 + 2999 + 2998, sets.count(), "singletons, the chain's sets, and the pairs not in it");
    }
}
