package org.hybridbridge.taint.shadow;

import org.hybridbridge.x86.MemoryOperand;
import org.hybridbridge.x86.exec.MemoryRole;

/**
 * One explicit memory operand of an instruction about to execute, as the taint rules see it.
 *
 * @param operand      the operand
 * @param role         {@link MemoryRole#OPERAND}, or the string instructions' source/destination
 * @param address      the linear address it is served at: its effective address, in the GVM
 *                     CPU's per-CPU area for a redirected {@code %gs:} access
 * @param size         the bytes accessed by one element
 * @param addressLabel the taint of the registers the address is computed from (0: clean)
 * @param sourceLabel  for an access to a kernel global or GS-relative per-CPU data, the source
 *                     label of that address; 0 otherwise
 * @param redirected   whether it is redirectable: served by the GVM image
 * @param valueLabel   the taint of the value read (0 when it is not read or clean)
 */
public record MemoryAccess(MemoryOperand operand, MemoryRole role, long address, int size, int addressLabel,
        int sourceLabel, boolean redirected, int valueLabel) {

    /** @return the label that makes it redirectable: the address's taint, else its own source; 0 for NR */
    public int redirectingLabel() {
        return !redirected ? 0 : addressLabel != 0 ? addressLabel : sourceLabel;
    }
}
