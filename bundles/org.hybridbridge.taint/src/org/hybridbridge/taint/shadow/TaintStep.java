package org.hybridbridge.taint.shadow;

import java.util.Arrays;

import org.hybridbridge.x86.Instruction;
import org.hybridbridge.x86.exec.MemoryRole;

/**
 * The taint analysis of one instruction, made before it executes ({@link TaintTracker#prepare})
 * and applied after ({@link TaintTracker#commit}, which keeps the labels to propagate): how each
 * memory access is served. An instruction that raises an exception is never committed. One step
 * and its accesses are reused for every instruction, so the analysis allocates nothing per
 * instruction: a step is valid until its maker prepares the next instruction.
 */
public final class TaintStep {

    private Instruction instruction;
    private MemoryAccess[] accesses = { new MemoryAccess(), new MemoryAccess() };
    private int accessCount;
    private boolean implicitStack;
    private int[] operandLabels = new int[4];
    private int operandCount;
    private int redirectingLabel;

    TaintStep() {
    }

    /** Starts the step of {@code instruction}: no accesses, every operand label 0. */
    void start(Instruction instruction, int operands, boolean implicitStack) {
        this.instruction = instruction;
        this.implicitStack = implicitStack;
        accessCount = 0;
        if (operandLabels.length < operands) {
            operandLabels = new int[operands];
        }
        Arrays.fill(operandLabels, 0, operands, 0);
        operandCount = operands;
        redirectingLabel = 0;
    }

    /** Sets the union of the labels that made its accesses redirectable (the tracker's; 0 without taint). */
    void setRedirectingLabel(int label) {
        redirectingLabel = label;
    }

    /** @return the next access, to be set: explicit memory operands in operand order */
    MemoryAccess addAccess() {
        if (accessCount == accesses.length) {
            accesses = Arrays.copyOf(accesses, 2 * accessCount);
            for (int i = accessCount; i < accesses.length; i++) {
                accesses[i] = new MemoryAccess();
            }
        }
        return accesses[accessCount++];
    }

    /** @return the operand labels, to be set: as many as the instruction has operands */
    int[] operandLabels() {
        return operandLabels;
    }

    /** @return the instruction */
    public Instruction instruction() {
        return instruction;
    }

    /** @return how many explicit memory operands read or write data */
    public int accessCount() {
        return accessCount;
    }

    /** @return the explicit memory access {@code index}, in operand order */
    public MemoryAccess access(int index) {
        if (index >= accessCount) {
            throw new IndexOutOfBoundsException(index);
        }
        return accesses[index];
    }

    /** @return whether it also pushes or pops (always served by the SVM: the stack is its own) */
    public boolean implicitStack() {
        return implicitStack;
    }

    /** @return how many operands the instruction has */
    public int operandCount() {
        return operandCount;
    }

    /** @return the taint of operand {@code index} before execution (for traces) */
    public int operandLabel(int index) {
        if (index >= operandCount) {
            throw new IndexOutOfBoundsException(index);
        }
        return operandLabels[index];
    }

    /** @return whether the instruction reads or writes memory, explicitly or through the stack */
    public boolean accessesMemory() {
        return implicitStack || accessCount > 0;
    }

    // plain loops below, no streams: the router asks for every memory access of every instruction

    /** @return whether any of its memory accesses is served by the GVM image */
    public boolean redirected() {
        for (int i = 0; i < accessCount; i++) {
            if (accesses[i].redirected()) {
                return true;
            }
        }
        return false;
    }

    /** @return whether the access in {@code role} goes to the GVM image */
    public boolean redirected(MemoryRole role) {
        for (int i = 0; i < accessCount; i++) {
            if (accesses[i].role() == role && accesses[i].redirected()) {
                return true;
            }
        }
        return false;
    }

    /** @return whether the access in {@code role} goes to the GVM image's per-CPU area ({@code %gs:}) */
    public boolean redirectedPerCpu(MemoryRole role) {
        for (int i = 0; i < accessCount; i++) {
            MemoryAccess access = accesses[i];
            if (access.role() == role && access.redirected() && access.operand().isGsRelative()) {
                return true;
            }
        }
        return false;
    }

    /** @return the first access whose address derives from taint (GVM data), or {@code null} */
    public MemoryAccess taintedAddressAccess() {
        for (int i = 0; i < accessCount; i++) {
            if (accesses[i].addressLabel() != 0) {
                return accesses[i];
            }
        }
        return null;
    }

    /**
     * @return the label of every source that made it redirectable (the union over its redirected
     *         accesses of address taint and own source), 0 when it is not
     */
    public int redirectingLabel() {
        return redirectingLabel;
    }
}
