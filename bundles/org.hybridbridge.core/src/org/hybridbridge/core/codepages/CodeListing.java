package org.hybridbridge.core.codepages;

import java.util.List;

import org.hybridbridge.fast.codepage.CodeLine;
import org.hybridbridge.fast.codepage.CodePage;

/**
 * The instructions of a function or a page beside their NR and R copies.
 *
 * @param title what is listed: {@code function 0xSTART-0xEND} or {@code page 0xADDRESS}
 * @param start the first address listed
 * @param end   the address after the last one listed
 * @param pages the pages that hold them, with their copies
 * @param lines the instructions from {@code start} to {@code end}, by address, each once
 */
public record CodeListing(String title, long start, long end, List<CodePage> pages, List<CodeLine> lines) {

    public CodeListing {
        pages = List.copyOf(pages);
        lines = List.copyOf(lines);
    }
}
