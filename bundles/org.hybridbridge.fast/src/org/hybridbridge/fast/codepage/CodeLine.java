package org.hybridbridge.fast.codepage;

import java.util.HexFormat;

/**
 * One instruction of a code page, as the original, NR and R copies align it.
 *
 * @param address     its first byte; below the page's address for an instruction that starts on the
 *                    page before and ends on this one (its patch, on its first byte, is in that
 *                    page's copies, so this page's copies hold its tail unchanged)
 * @param symbol      {@code function+0xoffset}, or the address in hex where no symbol covers it
 * @param bytes       its original encoding; it may run past the page's end (the next page's copies
 *                    hold that tail unchanged)
 * @param text        AT&amp;T text, or {@code (bad)} for bytes the decoder cannot read up to the
 *                    next function start (never patched)
 * @param codeClass   what the meta-data says of it
 * @param patchedInNr whether the NR copy has {@code int3} on its first byte
 * @param patchedInR  whether the R copy has {@code int3} on its first byte
 */
public record CodeLine(long address, String symbol, byte[] bytes, String text, CodeClass codeClass,
        boolean patchedInNr, boolean patchedInR) {

    /** How a listing shows a patched instruction in a copy. */
    public static final String PATCH = "[int3]";

    public CodeLine {
        bytes = bytes.clone();
    }

    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    /** @return its original bytes in hex, space-separated */
    public String hex() {
        return HexFormat.ofDelimiter(" ").formatHex(bytes);
    }

    /** @return what the NR copy holds here, in AT&amp;T text: {@link #PATCH} or the original instruction */
    public String nrText() {
        return patchedInNr ? PATCH : text;
    }

    /** @return what the R copy holds here, in AT&amp;T text: {@link #PATCH} or the original instruction */
    public String rText() {
        return patchedInR ? PATCH : text;
    }

    /** @return the address after its last byte */
    public long end() {
        return address + bytes.length;
    }
}
