package org.hybridbridge.taint.shadow;

import org.hybridbridge.x86.MemoryOperand;
import org.hybridbridge.x86.exec.MemoryRole;

/**
 * One explicit memory operand of an instruction about to execute, as the taint rules see it.
 * Part of a {@link TaintStep}, and reused with it: valid until the next instruction is prepared.
 */
public final class MemoryAccess {

    private MemoryOperand operand;
    private MemoryRole role;
    private long address;
    private int size;
    private int addressLabel;
    private boolean redirected;
    private int valueLabel;
    private int redirectingLabel;

    MemoryAccess() {
    }

    void set(MemoryOperand operand, MemoryRole role, long address, int size, int addressLabel, boolean redirected,
            int valueLabel, int redirectingLabel) {
        this.operand = operand;
        this.role = role;
        this.address = address;
        this.size = size;
        this.addressLabel = addressLabel;
        this.redirected = redirected;
        this.valueLabel = valueLabel;
        this.redirectingLabel = redirectingLabel;
    }

    /** @return the operand */
    public MemoryOperand operand() {
        return operand;
    }

    /** @return {@link MemoryRole#OPERAND}, or the string instructions' source/destination */
    public MemoryRole role() {
        return role;
    }

    /**
     * @return the linear address it is served at: its effective address, in the GVM CPU's per-CPU
     *         area for a redirected {@code %gs:} access
     */
    public long address() {
        return address;
    }

    /** @return the bytes accessed by one element */
    public int size() {
        return size;
    }

    /** @return the taint of the registers the address is computed from (0: clean) */
    public int addressLabel() {
        return addressLabel;
    }

    /** @return whether it is redirectable: served by the GVM image */
    public boolean redirected() {
        return redirected;
    }

    /** @return the taint of the value read (0 when it is not read or clean) */
    public int valueLabel() {
        return valueLabel;
    }

    /** @return the label that makes it redirectable: the address's taint united with its own source; 0 for NR */
    public int redirectingLabel() {
        return redirectingLabel;
    }
}
