package org.hybridbridge.core.fuzz;

import java.util.List;

/**
 * One utility's run on one damaged guest.
 *
 * @param variant  the variant's number (with the seed, enough to reproduce it)
 * @param mutation how its pages were damaged
 * @param pages    the physical addresses of the damaged pages
 * @param utility  the utility's command line
 * @param outcome  how the run ended
 * @param detail   the first warning, the error, the first line that differs from the clean answer, or empty;
 *                 guest text, untrusted
 */
public record FuzzCase(int variant, Mutation mutation, List<Long> pages, String utility, Outcome outcome,
        String detail) {

    public FuzzCase {
        pages = List.copyOf(pages);
    }
}
