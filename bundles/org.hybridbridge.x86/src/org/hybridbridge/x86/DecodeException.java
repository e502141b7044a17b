package org.hybridbridge.x86;

import java.util.HexFormat;

/**
 * The bytes at an address are not an instruction the decoder knows: an opcode missing from the
 * tables, a VEX/EVEX encoding, an instruction longer than 15 bytes or cut off by the end of the
 * buffer. The decoder never guesses.
 */
public final class DecodeException extends Exception {

    private static final long serialVersionUID = 1L;

    private final long address;
    private final byte[] bytes;
    private final String reason;

    DecodeException(long address, byte[] bytes, String reason) {
        super(String.format("cannot decode at %x [%s]: %s", address, HexFormat.ofDelimiter(" ").formatHex(bytes),
                reason));
        this.address = address;
        this.bytes = bytes.clone();
        this.reason = reason;
    }

    /** @return the address of the first byte of the undecodable instruction */
    public long address() {
        return address;
    }

    /** @return why the bytes are not an instruction, without the address and bytes */
    public String reason() {
        return reason;
    }

    /** @return the bytes looked at (up to 15, fewer at the end of the buffer) */
    public byte[] bytes() {
        return bytes.clone();
    }
}
