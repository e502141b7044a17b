package org.hybridbridge.taint.shadow;

import org.hybridbridge.taint.PageDirectory;
import org.hybridbridge.x86.Instruction;

/**
 * The {@link TaintRule} of each decoded instruction, resolved at its first execution and found
 * again by its linear address in a {@link PageDirectory} of code pages (three array indexes, no
 * hashing; the page of the last lookup remembered, as execution mostly stays in a page). A rule
 * is used only for the very instruction object it was resolved from: the engine's decode cache
 * hands out the same object until the code changes, and a new decoding gets a new rule.
 */
final class TaintRules {

    private static final int PAGE_SHIFT = 12;
    private static final int OFFSET_MASK = (1 << PAGE_SHIFT) - 1;
    private static final int PAGE_NUMBER_BITS = 57 - PAGE_SHIFT;
    private static final long PAGE_NUMBER_MASK = (1L << PAGE_NUMBER_BITS) - 1;

    private final PageDirectory<TaintRule[]> pages = new PageDirectory<>(PAGE_NUMBER_BITS);
    private long lastPageNumber = -1;
    private TaintRule[] lastPage;

    /** @return the rule of {@code instruction} */
    TaintRule of(Instruction instruction) {
        long address = instruction.address();
        TaintRule[] page = page((address >>> PAGE_SHIFT) & PAGE_NUMBER_MASK);
        int slot = (int) address & OFFSET_MASK;
        TaintRule rule = page[slot];
        if (rule == null || rule.instruction != instruction) {
            rule = TaintRule.of(instruction);
            page[slot] = rule;
        }
        return rule;
    }

    private TaintRule[] page(long pageNumber) {
        if (pageNumber != lastPageNumber) {
            TaintRule[] page = pages.get(pageNumber);
            if (page == null) {
                page = new TaintRule[OFFSET_MASK + 1];
                pages.put(pageNumber, page);
            }
            lastPageNumber = pageNumber;
            lastPage = page;
        }
        return lastPage;
    }
}
