package org.hybridbridge.fast;

import java.util.HashSet;
import java.util.Set;
import java.util.function.LongFunction;

import org.hybridbridge.fast.RedirectViews.View;
import org.hybridbridge.fast.codepage.CodeClass;
import org.hybridbridge.taint.WindowPoint;
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
 * NR one in the R view back to NR; at an instruction without meta-data the run falls back: Slow-Bridge
 * learns it ({@link WindowFallback}) and the copies are built again.
 * <p>
 * A call whose routine alternates between GVM data and the SVM's heap (a {@code seq_file} that
 * formats the GVM's tasks into the SVM's buffer) switches views at every alternation: ps took
 * ~125 switches a call, each a ~70 µs exit here. After {@code handOffAfter} switches the rest of
 * the call is handed to the engine ({@link EngineHandOff}), which switches the same views at the
 * same {@code int3}s without exits, and KVM takes the vCPU back at the routine's return; later
 * calls of that routine are handed over from their hook.
 */
final class IntrospectedCall {

    /** In the guard hole below the direct map (ffff800000000000-ffff87ffffffffff): no table maps it. */
    static final long RETURN_TRAP = 0xFFFF_8000_0000_1000L;
    private static final int RSP = 4;

    private final RedirectViews views;
    private final ExitCounts exits;
    private final LongFunction<String> describe;
    private final EngineHandOff handOff;
    private final WindowFallback fallback;
    private final int handOffAfter;
    /** The hooks of routines whose calls went over {@link #handOffAfter} switches: they start on the engine. */
    private final Set<Long> alternatingRoutines = new HashSet<>();
    private long hook;
    private String syscall;
    private int switches;
    private boolean onEngine;
    private boolean open;
    private long returnAddress;
    private long returnStackPointer;
    /** The view an exception interrupted, {@code null} when none is being handled. */
    private View interrupted;
    private long interruptedStackPointer;
    private int introspectedCalls;

    /**
     * @param handOff      what hands the vCPU to the engine and back; {@link EngineHandOff#NONE} keeps
     *                     every call native
     * @param handOffAfter the view switches of one call after which its rest runs on the engine
     * @param fallback     learns an instruction without meta-data; {@code null} to stop there
     */
    IntrospectedCall(RedirectViews views, ExitCounts exits, LongFunction<String> describe, EngineHandOff handOff,
            int handOffAfter, WindowFallback fallback) {
        this.views = views;
        this.fallback = fallback;
        this.exits = exits;
        this.describe = describe;
        this.handOff = handOff;
        this.handOffAfter = handOffAfter;
    }

    /** The vCPU that runs the guest changes: {@link HandOffVcpu}, or none where the engine is the only one. */
    interface EngineHandOff {
        EngineHandOff NONE = onEngine -> {
            throw new IllegalStateException("no engine to hand over to");
        };

        void handTo(boolean onEngine);
    }

    /** At the routine's hook of system call {@code syscall}, RSP at its return address: the window opens in the NR view. */
    void open(CpuState cpu, LinearMemory memory, String syscall) throws CpuException {
        this.syscall = syscall;
        long rsp = cpu.gpr(RSP);
        views.prepare(cpu.cr(3), rsp);
        returnAddress = memory.read(rsp, 8);
        returnStackPointer = rsp + 8;
        memory.write(rsp, 8, RETURN_TRAP);
        open = true;
        interrupted = null;
        introspectedCalls++;
        hook = cpu.rip();
        switches = 0;
        views.enter(View.NR);
        if (alternatingRoutines.contains(hook)) {
            handTo(true);
        }
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
        if (onEngine) {
            handTo(false);
        }
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
            if (fallback == null) {
                return codeClass;
            }
            fallBack(cpu);
            return null;
        }
        View to = from == View.NR && (codeClass == CodeClass.R || codeClass == CodeClass.MIXED) ? View.R
                : from == View.R && codeClass == CodeClass.NR ? View.NR : null;
        if (to == null) {
            throw new FastBridgeException("an int3 the " + from + " copy has no reason for, at " + describe.apply(at)
                    + " (class " + codeClass + ")");
        }
        views.enter(to);
        exits.count(to == View.R ? ExitCounts.SWITCH_TO_R : ExitCounts.SWITCH_TO_NR);
        if (++switches == handOffAfter && handOff != EngineHandOff.NONE && !onEngine) {
            alternatingRoutines.add(hook);
            handTo(true);
        }
        return null;
    }

    /** Slow-Bridge learns the instruction at RIP; the copies are built again and it runs from them. */
    private void fallBack(CpuState cpu) {
        long at = cpu.rip();
        WindowPoint point = new WindowPoint(introspectedCalls - 1, syscall, at, describe.apply(at));
        exits.count(ExitCounts.FALLBACK);
        exits.fellBack();
        views.learned(fallback.learn(point));
        if (views.classAt(at) == CodeClass.UNKNOWN) {
            throw new FastBridgeException("Slow-Bridge replayed to " + point.describe()
                    + " and learned nothing for that instruction");
        }
    }

    private void handTo(boolean engine) {
        if (engine) {
            exits.handedOff();
        }
        onEngine = engine;
        handOff.handTo(engine);
    }

    /** @return how many introspected system calls opened a window so far */
    int introspectedCalls() {
        return introspectedCalls;
    }
}
