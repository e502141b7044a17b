package org.hybridbridge.taint.shadow;

import java.util.List;

import org.hybridbridge.taint.metadata.AccessClass;
import org.hybridbridge.taint.metadata.InstructionRecord;
import org.hybridbridge.taint.metadata.KernelMetadata;
import org.hybridbridge.x86.Access;
import org.hybridbridge.x86.Instruction;
import org.hybridbridge.x86.MemoryOperand;
import org.hybridbridge.x86.Operand;
import org.hybridbridge.x86.exec.Execution;

/**
 * The software fast path's routing (DESIGN.md 3.3, {@code --engine memo}): each memory access of
 * an instruction of an introspected system call goes where its instruction's record says, with no
 * taint. The same {@link TaintStep}s as the tracker's, so Slow-Bridge routes them alike: the
 * kernel stack of the system call and the utility's memory are the SVM's whatever the class (as
 * for the tracker); any other access of an R or MIXED instruction is the GVM's (a MIXED one is
 * decided by its effective address: the stack is the SVM's, anything else R), of an NR one the
 * SVM's. A record is one class per instruction: an R instruction with a second operand in the
 * SVM's kernel heap ({@code movs} from GVM data into an SVM buffer) would have both its accesses
 * served by the GVM; the tests compare the utilities with Slow-Bridge byte for byte.
 */
public final class MemoizedSteps {

    private KernelMetadata known;
    private final KernelLayout layout;
    private AddressRange kernelStack = AddressRange.of(0, 0);
    /** The one step, prepared for every instruction. */
    private final TaintStep step = new TaintStep();

    public MemoizedSteps(KernelMetadata known, KernelLayout layout) {
        this.known = known;
        this.layout = layout;
    }

    /** Routes by {@code store} from now on: the store a fallback grew. */
    public void learned(KernelMetadata store) {
        known = store;
    }

    /** Starts one introspected system call, whose kernel stack {@code stackPointer} points into. */
    public void begin(long stackPointer) {
        kernelStack = layout.kernelStackOf(stackPointer);
    }

    /**
     * @return how {@code instruction}'s accesses are served (this object's one step, reused: valid
     *         until the next call), or {@code null} when it has no record: unknown, to be learned
     */
    public TaintStep prepare(Instruction instruction, Execution execution) {
        InstructionRecord record = known.find(instruction.address());
        if (record == null) {
            return null;
        }
        boolean toGvm = record.accessClass() != AccessClass.NR;
        List<Operand> operands = instruction.operands();
        step.start(instruction, operands.size(), instruction.usesStackImplicitly());
        for (int i = 0; i < operands.size(); i++) {
            if (operands.get(i) instanceof MemoryOperand memory && memory.access() != Access.ADDRESS) {
                long address = execution.effectiveAddress(instruction, memory);
                boolean redirected = toGvm && !TaintTracker.isSvmOwn(kernelStack, address);
                step.addAccess().set(memory, TaintRule.role(instruction, memory), address,
                        Execution.bits(instruction, memory) / 8, 0, redirected, 0, 0);
            }
        }
        return step;
    }
}
