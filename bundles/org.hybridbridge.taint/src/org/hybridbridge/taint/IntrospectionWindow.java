package org.hybridbridge.taint;

import org.hybridbridge.x86.Instruction;
import org.hybridbridge.x86.Mnemonic;

/**
 * When the taint tracker runs during one introspected system call: from the call of the
 * service routine to its return (recognised by the return address and the stack pointer after
 * {@code ret}), except while an exception taken inside it is handled: from its delivery to the
 * {@code iretq} that returns to the interrupted stack pointer. (Not necessarily to the
 * interrupted instruction: a WARN's {@code ud2} is skipped, a faulting user access resumes at
 * its exception-table fixup.) Opens at most once per system call.
 */
final class IntrospectionWindow {

    private boolean used;
    private boolean open;
    private long returnAddress;
    private long returnStackPointer;
    private boolean suspended;
    private long interruptedStackPointer;

    /** A new system call starts: nothing opened yet. */
    void reset() {
        used = false;
        open = false;
        suspended = false;
    }

    boolean canOpen() {
        return !used;
    }

    /** The service routine is entered; it will return to {@code returnTo} with RSP {@code stackPointerAfterReturn}. */
    void open(long returnTo, long stackPointerAfterReturn) {
        used = true;
        open = true;
        returnAddress = returnTo;
        returnStackPointer = stackPointerAfterReturn;
    }

    boolean isAnalysing() {
        return open && !suspended;
    }

    /** After each executed instruction, with the state it left: closes or resumes the window. */
    void afterInstruction(Instruction instruction, long rip, long rsp) {
        if (!open) {
            return;
        }
        if (suspended) {
            suspended = !(instruction.mnemonic() == Mnemonic.IRETQ && rsp == interruptedStackPointer);
        } else if (rip == returnAddress && rsp == returnStackPointer) {
            open = false;
        }
    }

    /** An exception is about to be delivered; {@code rsp} is the stack pointer it will return to. */
    void exceptionTaken(long rsp) {
        if (open && !suspended) {
            suspended = true;
            interruptedStackPointer = rsp;
        }
    }
}
