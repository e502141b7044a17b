package org.hybridbridge.taint;

/**
 * The software fast path met an instruction of an introspected system call that accesses memory
 * and has no meta-data: it cannot know where to serve it, so the run stops for Slow-Bridge to learn.
 */
public final class MetadataMiss extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final long address;

    MetadataMiss(long address, String where, String syscall) {
        super(String.format("no meta-data for the instruction at %#x <%s> in %s", address, where, syscall));
        this.address = address;
    }

    /** @return the address of the instruction without meta-data */
    public long address() {
        return address;
    }
}
