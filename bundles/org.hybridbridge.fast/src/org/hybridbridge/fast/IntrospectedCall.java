package org.hybridbridge.fast;

import java.util.function.LongFunction;

import org.hybridbridge.fast.RedirectViews.View;
import org.hybridbridge.fast.codepage.CodeClass;
import org.hybridbridge.x86.exec.CpuException;
import org.hybridbridge.x86.exec.CpuState;
import org.hybridbridge.x86.exec.LinearMemory;

/**
 * The window of one introspected system call on KVM (DESIGN.md 3.4), as Slow-Bridge's: from the
 * service routine's first instruction (its hook) to its return, except while an exception taken
 * inside is handled (from its delivery to the {@code iretq} back to the interrupted stack). At
 * the hook the vCPU enters the NR view and the routine's return address on the stack is replaced
 * by {@link #RETURN_TRAP}, where the return faults once and the SVM view comes back. Inside, an
 * {@code int3} of a code copy switches views: an R or MIXED instruction in the NR view goes to
 * the R view (which serves the stack from the SVM, so MIXED is decided by its address there), an
 * NR one in the R view back to NR; an instruction without meta-data is not run here.
 */
final class IntrospectedCall {

    /** In the guard hole below the direct map (ffff800000000000-ffff87ffffffffff): no table maps it. */
    static final long RETURN_TRAP = 0xFFFF_8000_0000_1000L;
    private static final int RSP = 4;

    private final RedirectViews views;
    private final ExitCounts exits;
    private final LongFunction<String> describe;
    private boolean open;
    private long returnAddress;
    private long returnStackPointer;
    /** The view an exception interrupted, {@code null} when none is being handled. */
    private View interrupted;
    private long interruptedStackPointer;
    private int introspectedCalls;

    IntrospectedCall(RedirectViews views, ExitCounts exits, LongFunction<String> describe) {
        this.views = views;
        this.exits = exits;
        this.describe = describe;
    }

    /** At the routine's hook, RSP at its return address: the window opens in the NR view. */
    void open(CpuState cpu, LinearMemory memory) throws CpuException {
        long rsp = cpu.gpr(RSP);
        views.prepare(cpu.cr(3), rsp);
        returnAddress = memory.read(rsp, 8);
        returnStackPointer = rsp + 8;
        memory.write(rsp, 8, RETURN_TRAP);
        open = true;
        interrupted = null;
        introspectedCalls++;
        views.enter(View.NR);
    }

    /** @return whether a fault at {@code rip} on {@code address} is the routine's return */
    boolean isReturn(long rip, long address) {
        return open && rip == RETURN_TRAP && address == RETURN_TRAP;
    }

    /** The routine returned: where it was to return, in the SVM view. */
    void returned(CpuState cpu) {
        if (cpu.gpr(RSP) != returnStackPointer) {
            throw new FastBridgeException(String.format("the introspected routine returned with RSP %#x, not %#x",
                    cpu.gpr(RSP), returnStackPointer));
        }
        cpu.setRip(returnAddress);
        open = false;
        exits.count("#PF routine returned: " + views.current() + " -> SVM view");
        views.enter(View.SVM);
    }

    /** @return whether the vCPU runs in a view of a window (not the SVM's, not handling an exception) */
    boolean inView() {
        return views.current() != View.SVM;
    }

    /** @return the view the vCPU runs in */
    View view() {
        return views.current();
    }

    /**
     * @return whether an access to {@code address} in the current view is served by the GVM: a
     *         kernel-half address in the R view (whose kernel stack is the SVM's, and faults not)
     */
    boolean servesFromGvm(long address) {
        return views.current() == View.R && DeprivilegedCpu.inKernelHalf(address);
    }

    /** The VMM changed the kernel text at {@code address} (a site neutralised): the copies follow. */
    void textChanged(long address) {
        if (views.isText(address) && views.isBuilt(address)) {
            views.build(address);
        }
    }

    /** An exception is delivered from a view: its handler runs in the SVM view. */
    void suspend(long stackPointer) {
        interrupted = views.current();
        interruptedStackPointer = stackPointer;
        views.enter(View.SVM);
    }

    /** After an emulated {@code iretq}: back to the interrupted view if it returned to the interrupted stack. */
    void afterIret(CpuState cpu) {
        if (interrupted != null && cpu.gpr(RSP) == interruptedStackPointer && DeprivilegedCpu.inKernelHalf(cpu.rip())) {
            views.enter(interrupted);
            interrupted = null;
        }
    }

    /**
     * An {@code int3} of a code copy (RIP after it).
     *
     * @return the class of the instruction when it has no meta-data ({@link CodeClass#UNKNOWN}), else
     *         {@code null}: the view was switched or the page built, the vCPU resumes at the instruction
     */
    CodeClass breakpoint(CpuState cpu) {
        long at = cpu.rip() - 1;
        if (!views.isText(at)) {
            throw new FastBridgeException("int3 outside the kernel text in the " + views.current() + " view at "
                    + describe.apply(at));
        }
        cpu.setRip(at);
        if (!views.isBuilt(at)) {
            views.build(at);
            exits.count("int3 code page built (first fetch from it)");
            return null;
        }
        CodeClass codeClass = views.classAt(at);
        View from = views.current();
        if (codeClass == CodeClass.UNKNOWN) {
            return codeClass;
        }
        View to = from == View.NR && (codeClass == CodeClass.R || codeClass == CodeClass.MIXED) ? View.R
                : from == View.R && codeClass == CodeClass.NR ? View.NR : null;
        if (to == null) {
            throw new FastBridgeException("an int3 the " + from + " copy has no reason for, at " + describe.apply(at)
                    + " (class " + codeClass + ")");
        }
        views.enter(to);
        exits.count("int3 view switch " + from + " -> " + to);
        return null;
    }

    /** @return how many introspected system calls opened a window so far */
    int introspectedCalls() {
        return introspectedCalls;
    }
}
