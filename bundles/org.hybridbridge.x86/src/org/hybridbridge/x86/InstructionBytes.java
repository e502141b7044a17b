package org.hybridbridge.x86;

import java.util.Arrays;

/** The bytes of the instruction being decoded, read front to back, at most 15 of them. */
final class InstructionBytes {

    static final int MAX_LENGTH = 15;

    private final byte[] code;
    private final int start;
    private final long address;
    private int position;

    InstructionBytes(byte[] code, int start, long address) {
        this.code = code;
        this.start = start;
        this.address = address;
        this.position = start;
    }

    long address() {
        return address;
    }

    /** @return how many bytes have been read */
    int length() {
        return position - start;
    }

    /** @return whether another byte can be read */
    boolean hasNext() {
        return position < code.length && length() < MAX_LENGTH;
    }

    int peek() throws DecodeException {
        if (position >= code.length) {
            throw error("the instruction runs past the end of the buffer");
        }
        if (length() >= MAX_LENGTH) {
            throw error("longer than 15 bytes");
        }
        return code[position] & 0xFF;
    }

    int next() throws DecodeException {
        int value = peek();
        position++;
        return value;
    }

    /** Reads a little-endian value of {@code size} bytes, sign-extended to 64 bits. */
    long nextSigned(int size) throws DecodeException {
        long value = 0;
        for (int i = 0; i < size; i++) {
            value |= (long) next() << (8 * i);
        }
        int unusedBits = 64 - 8 * size;
        return unusedBits == 0 ? value : value << unusedBits >> unusedBits;
    }

    /** @return the bytes read so far */
    byte[] consumed() {
        return Arrays.copyOfRange(code, start, position);
    }

    DecodeException error(String reason) {
        int end = Math.min(code.length, start + MAX_LENGTH);
        return new DecodeException(address, Arrays.copyOfRange(code, start, Math.max(end, position)), reason);
    }
}
