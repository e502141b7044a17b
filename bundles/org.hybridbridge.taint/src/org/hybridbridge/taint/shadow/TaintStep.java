package org.hybridbridge.taint.shadow;

import java.util.List;

import org.hybridbridge.x86.Instruction;
import org.hybridbridge.x86.exec.MemoryRole;

/**
 * The taint analysis of one instruction, made before it executes ({@link TaintTracker#prepare})
 * and applied after ({@link TaintTracker#commit}, which keeps the labels to propagate): how each
 * memory access is served. An instruction that raises an exception is never committed.
 *
 * @param instruction     the instruction
 * @param accesses        its explicit memory operands that read or write data (an immutable list: the
 *                        tracker makes it so, and a copy here per instruction would cost)
 * @param implicitStack   whether it also pushes or pops (always served by the SVM: the stack is its own)
 * @param operandLabels   the taint of each operand before execution, in operand order (for traces)
 */
public record TaintStep(Instruction instruction, List<MemoryAccess> accesses, boolean implicitStack,
        int[] operandLabels) {

    /** @return whether the instruction reads or writes memory, explicitly or through the stack */
    public boolean accessesMemory() {
        return implicitStack || !accesses.isEmpty();
    }

    // plain loops below, no streams: the router asks for every memory access of every instruction

    /** @return whether any of its memory accesses is served by the GVM image */
    public boolean redirected() {
        for (int i = 0; i < accesses.size(); i++) {
            if (accesses.get(i).redirected()) {
                return true;
            }
        }
        return false;
    }

    /** @return whether the access in {@code role} goes to the GVM image */
    public boolean redirected(MemoryRole role) {
        for (int i = 0; i < accesses.size(); i++) {
            MemoryAccess access = accesses.get(i);
            if (access.role() == role && access.redirected()) {
                return true;
            }
        }
        return false;
    }

    /** @return whether the access in {@code role} goes to the GVM image's per-CPU area ({@code %gs:}) */
    public boolean redirectedPerCpu(MemoryRole role) {
        for (int i = 0; i < accesses.size(); i++) {
            MemoryAccess access = accesses.get(i);
            if (access.role() == role && access.redirected() && access.operand().isGsRelative()) {
                return true;
            }
        }
        return false;
    }

    /** @return the first access whose address derives from taint (GVM data), or {@code null} */
    public MemoryAccess taintedAddressAccess() {
        for (int i = 0; i < accesses.size(); i++) {
            if (accesses.get(i).addressLabel() != 0) {
                return accesses.get(i);
            }
        }
        return null;
    }

    /** @return the label that made it redirectable (first redirected access), 0 when it is not */
    public int redirectingLabel() {
        for (int i = 0; i < accesses.size(); i++) {
            int label = accesses.get(i).redirectingLabel();
            if (label != 0) {
                return label;
            }
        }
        return 0;
    }
}
