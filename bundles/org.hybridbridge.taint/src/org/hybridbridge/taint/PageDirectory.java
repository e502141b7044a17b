package org.hybridbridge.taint;

/**
 * Per-page values by page number in a lazily filled three-level array, as libdft's tagmap keeps
 * its shadow pages: a lookup is three array indexes, no hashing, no boxing, no probing, and
 * costs the same wherever the page lies (a direct-mapped cache in front of a hash map thrashed
 * when kernel text and data sat a multiple of its size apart). Only the tables a stored page
 * needs exist. A page number of more bits than the directory covers is never stored:
 * {@link #get} answers {@code null} for it.
 *
 * @param <V> the value per page (a page's bytes, a page of labels)
 */
public final class PageDirectory<V> {

    private final int bits;
    private final int leafBits;
    private final int middleBits;
    private final Object[] top;

    /** @param pageNumberBits the bits of the page numbers stored: 3 levels split them about evenly */
    public PageDirectory(int pageNumberBits) {
        this.bits = pageNumberBits;
        this.leafBits = pageNumberBits / 3;
        this.middleBits = (pageNumberBits - leafBits) / 2;
        this.top = new Object[1 << (pageNumberBits - leafBits - middleBits)];
    }

    /** @return the value of page {@code pageNumber}, or {@code null} */
    @SuppressWarnings("unchecked")
    public V get(long pageNumber) {
        if (pageNumber >>> bits != 0) {
            return null;
        }
        Object[] middle = (Object[]) top[(int) (pageNumber >>> (leafBits + middleBits))];
        if (middle == null) {
            return null;
        }
        Object[] leaf = (Object[]) middle[(int) (pageNumber >>> leafBits) & ((1 << middleBits) - 1)];
        return leaf == null ? null : (V) leaf[(int) pageNumber & ((1 << leafBits) - 1)];
    }

    /**
     * Stores {@code value} (or {@code null} to drop it) as page {@code pageNumber}'s.
     *
     * @throws IllegalArgumentException if the page number has more bits than the directory covers
     */
    public void put(long pageNumber, V value) {
        if (pageNumber >>> bits != 0) {
            throw new IllegalArgumentException(String.format("page number %#x beyond %d bits", pageNumber, bits));
        }
        int topIndex = (int) (pageNumber >>> (leafBits + middleBits));
        Object[] middle = (Object[]) top[topIndex];
        if (middle == null) {
            middle = new Object[1 << middleBits];
            top[topIndex] = middle;
        }
        int middleIndex = (int) (pageNumber >>> leafBits) & ((1 << middleBits) - 1);
        Object[] leaf = (Object[]) middle[middleIndex];
        if (leaf == null) {
            leaf = new Object[1 << leafBits];
            middle[middleIndex] = leaf;
        }
        leaf[(int) pageNumber & ((1 << leafBits) - 1)] = value;
    }
}
