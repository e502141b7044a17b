package org.hybridbridge.fast.codepage;

import java.util.HexFormat;
import java.util.function.Supplier;

/**
 * One instruction of a code page, as the original, NR and R copies align it. Its symbol and text
 * are made when first asked for: Fast-Bridge builds pages to run them, and only listings show them.
 */
public final class CodeLine {

    /** How a listing shows a patched instruction in a copy. */
    public static final String PATCH = "[int3]";

    private final long address;
    private final byte[] bytes;
    private final CodeClass codeClass;
    private final boolean patchedInNr;
    private final boolean patchedInR;
    private Supplier<String> symbol;
    private Supplier<String> text;

    /**
     * @param address     its first byte; below the page's address for an instruction that starts on the
     *                    page before and ends on this one (its patch, on its first byte, is in that
     *                    page's copies, so this page's copies hold its tail unchanged)
     * @param symbol      makes {@code function+0xoffset}, or the address in hex where no symbol covers it
     * @param bytes       its original encoding; it may run past the page's end (the next page's copies
     *                    hold that tail unchanged)
     * @param text        makes its AT&amp;T text, or {@code (bad)} for bytes the decoder cannot read up
     *                    to the next function start (never patched)
     * @param codeClass   what the meta-data says of it
     * @param patchedInNr whether the NR copy has {@code int3} on its first byte
     * @param patchedInR  whether the R copy has {@code int3} on its first byte
     */
    CodeLine(long address, Supplier<String> symbol, byte[] bytes, Supplier<String> text, CodeClass codeClass,
            boolean patchedInNr, boolean patchedInR) {
        this.address = address;
        this.symbol = symbol;
        this.bytes = bytes.clone();
        this.text = text;
        this.codeClass = codeClass;
        this.patchedInNr = patchedInNr;
        this.patchedInR = patchedInR;
    }

    public long address() {
        return address;
    }

    /** @return {@code function+0xoffset}, or the address in hex where no symbol covers it */
    public String symbol() {
        String made = symbol.get();
        symbol = () -> made;
        return made;
    }

    public byte[] bytes() {
        return bytes.clone();
    }

    /** @return AT&amp;T text, or {@code (bad)} for bytes the decoder cannot read (never patched) */
    public String text() {
        String made = text.get();
        text = () -> made;
        return made;
    }

    public CodeClass codeClass() {
        return codeClass;
    }

    public boolean patchedInNr() {
        return patchedInNr;
    }

    public boolean patchedInR() {
        return patchedInR;
    }

    /** @return its original bytes in hex, space-separated */
    public String hex() {
        return HexFormat.ofDelimiter(" ").formatHex(bytes);
    }

    /** @return what the NR copy holds here, in AT&amp;T text: {@link #PATCH} or the original instruction */
    public String nrText() {
        return patchedInNr ? PATCH : text();
    }

    /** @return what the R copy holds here, in AT&amp;T text: {@link #PATCH} or the original instruction */
    public String rText() {
        return patchedInR ? PATCH : text();
    }

    /** @return the address after its last byte */
    public long end() {
        return address + bytes.length;
    }
}
