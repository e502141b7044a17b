package org.hybridbridge.fast;

import java.util.Arrays;
import java.util.List;

import org.hybridbridge.fast.codepage.CodeClass;
import org.hybridbridge.fast.codepage.CodeLine;
import org.hybridbridge.fast.codepage.CodePage;

/**
 * What the views need of a built text page: its two copies, the class of each instruction that
 * overlaps it, and the bytes its last instruction runs on into the next page ({@link RedirectViews#build}).
 *
 * @param key     the builder's digest of the page's inputs ({@code CodePageBuilder#inputsKey})
 * @param nr      the NR copy
 * @param r       the R copy
 * @param starts  the addresses of the instructions that overlap the page, in order
 * @param classes their classes, in the same order
 * @param tail    the bytes of the last instruction past the page's end; empty when it ends on the page
 */
record BuiltPage(long key, byte[] nr, byte[] r, long[] starts, CodeClass[] classes, byte[] tail) {

    static BuiltPage of(long key, CodePage page) {
        List<CodeLine> lines = page.lines();
        long[] starts = new long[lines.size()];
        CodeClass[] classes = new CodeClass[lines.size()];
        for (int i = 0; i < starts.length; i++) {
            starts[i] = lines.get(i).address();
            classes[i] = lines.get(i).codeClass();
        }
        CodeLine last = lines.get(lines.size() - 1);
        long next = page.address() + CodePage.SIZE;
        byte[] bytes = last.bytes();
        byte[] tail = last.end() - next > 0 ? Arrays.copyOfRange(bytes, (int) (next - last.address()), bytes.length)
                : new byte[0];
        return new BuiltPage(key, page.nr(), page.r(), starts, classes, tail);
    }
}
