package org.hybridbridge.taint.shadow;

/** Linear addresses {@code [start, end)}, compared unsigned (kernel addresses are "negative"). */
public record AddressRange(long start, long end) {

    public AddressRange {
        if (Long.compareUnsigned(start, end) > 0) {
            throw new IllegalArgumentException(String.format("empty range 0x%x-0x%x", start, end));
        }
    }

    /** The range of {@code size} bytes at {@code start}. */
    public static AddressRange of(long start, long size) {
        return new AddressRange(start, start + size);
    }

    public boolean contains(long address) {
        return Long.compareUnsigned(address, start) >= 0 && Long.compareUnsigned(address, end) < 0;
    }

    @Override
    public String toString() {
        return String.format("0x%x-0x%x", start, end);
    }
}
