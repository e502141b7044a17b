package org.hybridbridge.fast;

import java.util.HashMap;
import java.util.Map;

import org.hybridbridge.taint.OutputCapture;
import org.hybridbridge.taint.syscall.Syscall;
import org.hybridbridge.taint.syscall.SyscallClassifier;
import org.hybridbridge.taint.syscall.SyscallClassifier.UserStrings;
import org.hybridbridge.taint.syscall.SyscallDecision;
import org.hybridbridge.taint.syscall.SyscallTable;
import org.hybridbridge.x86.Instruction;
import org.hybridbridge.x86.Mnemonic;
import org.hybridbridge.x86.exec.CpuException;
import org.hybridbridge.x86.exec.CpuState;
import org.hybridbridge.x86.exec.LinearMemory;

/**
 * The VMM's part in the utility's system calls, decided as Slow-Bridge decides it (its
 * {@link SyscallClassifier} and {@link OutputCapture}), where the kernel hands a call to its
 * service routine. The kernel enters natively; the routine ({@code __x64_sys_*}, found in
 * {@code sys_call_table}) of every call the classifier may act on without redirection
 * ({@link SyscallClassifier#actsWithoutRedirection}; the others run as local calls, without an
 * exit; in a redirected run, of every call it may introspect) opens with ftrace's 5-byte {@code nop}, whose first byte becomes {@code int3}. At that
 * hook the arguments are in the {@code pt_regs} the routine gets in RDI:
 * <ul>
 * <li>output to fd 1 or 2 is captured, and the routine returns the count at once;</li>
 * <li>{@code exit}/{@code exit_group} ends the run;</li>
 * <li>an introspected call of a redirected run runs on in the views ({@link IntrospectedCall});</li>
 * <li>anything else runs on, after the {@code nop}. An introspected call whose result the
 * classifier must see (a new {@code /proc} descriptor) or whose descriptor argument it translated
 * returns through {@link #RETURN_TRAP}: {@code pt_regs->ip} is replaced by an address no process
 * maps, the return to user space faults there once, and the VMM completes the call.</li>
 * </ul>
 */
final class SyscallGate {

    /** Below {@code mmap_min_addr} (64 KiB by default): never mapped in a process. */
    static final long RETURN_TRAP = 0x1000;

    /** Words of {@code struct pt_regs} (arch/x86/include/asm/ptrace.h). */
    private static final int PT_AX = 10, PT_DX = 12, PT_SI = 13, PT_DI = 14, PT_ORIG_AX = 15, PT_IP = 16;
    private static final int RAX = 0, RSP = 4, RDI = 7;
    private static final int FTRACE_NOP_LENGTH = 5;

    /** What the run loop does after a hook. */
    enum Outcome {
        CONTINUE, EXITED,
        /** An introspected call, redirected: its routine runs on, in the views ({@link IntrospectedCall}). */
        INTROSPECTED
    }

    private record PendingReturn(Syscall syscall, SyscallDecision decision, long argument, boolean translated,
            long returnAddress) {
    }

    private final SyscallClassifier classifier;
    private final OutputCapture output = new OutputCapture();
    private final Map<Long, Byte> hooks = new HashMap<>();
    private final boolean redirecting;
    private PendingReturn pending;
    private int exitStatus;
    private int syscallsSeen;
    /** The system call of the last hook met. */
    private Syscall entered;

    /**
     * @param redirecting whether introspected calls are redirected: then every routine of a call
     *                    the classifier may introspect is hooked too
     */
    SyscallGate(SyscallTable table, KernelText text, LinearMemory kernel, long sysCallTable, boolean redirecting) {
        this.classifier = new SyscallClassifier(table);
        this.redirecting = redirecting;
        for (Syscall syscall : table.syscalls()) {
            if (redirecting ? classifier.mayIntrospect(syscall) : classifier.actsWithoutRedirection(syscall)) {
                hook(text, routine(kernel, sysCallTable, syscall));
            }
        }
    }

    /** @return whether an {@code int3} that stopped the vCPU with RIP {@code rip} is one of the hooks */
    boolean isHook(long rip) {
        return hooks.containsKey(rip - 1);
    }

    /** @return the byte the hook at {@code address} replaced, or {@code null} where there is no hook */
    Byte replacedByte(long address) {
        return hooks.get(address);
    }

    /** @return the name of the system call whose hook was met last */
    String enteredName() {
        return entered.name();
    }

    /** At a hook: the arguments from {@code pt_regs}, the decision, and what the VMM does of it. */
    Outcome enter(CpuState cpu, LinearMemory memory) throws CpuException {
        long hook = cpu.rip() - 1;
        long regs = cpu.gpr(RDI);
        Syscall syscall = lookup(memory.read(regs + 8 * PT_ORIG_AX, 8));
        entered = syscall;
        long arg0 = memory.read(regs + 8 * PT_DI, 8);
        long arg1 = memory.read(regs + 8 * PT_SI, 8);
        long arg2 = memory.read(regs + 8 * PT_DX, 8);
        SyscallDecision decision = classifier.decide(syscall, arg0, arg1, UserStrings.from(memory));
        syscallsSeen++;
        switch (decision) {
            case CAPTURE_OUTPUT -> {
                long result = syscall.name().equals("writev") ? output.writev(memory, arg1, arg2)
                        : output.write(memory, arg1, arg2);
                cpu.setGpr(RAX, result);
                long rsp = cpu.gpr(RSP);
                cpu.setRip(memory.read(rsp, 8)); // the routine returns at once
                cpu.setGpr(RSP, rsp + 8);
                return Outcome.CONTINUE;
            }
            case EXIT -> {
                exitStatus = (int) (arg0 & 0xFF);
                return Outcome.EXITED;
            }
            default -> {
                long kernelArgument = classifier.kernelArgument(syscall, decision, arg0);
                boolean translated = kernelArgument != arg0;
                if (translated) {
                    memory.write(regs + 8 * PT_DI, 8, kernelArgument);
                }
                if (translated || classifier.needsResult(syscall, decision)) {
                    pending = new PendingReturn(syscall, decision, arg0, translated, memory.read(regs + 8 * PT_IP, 8));
                    memory.write(regs + 8 * PT_IP, 8, RETURN_TRAP);
                }
                cpu.setRip(hook + FTRACE_NOP_LENGTH);
                return redirecting && decision == SyscallDecision.INTROSPECT ? Outcome.INTROSPECTED : Outcome.CONTINUE;
            }
        }
    }

    /** @return whether a user-mode fault at {@code rip} is the return of a call the VMM waits for */
    boolean isPendingReturn(long rip, long faultAddress) {
        return pending != null && rip == RETURN_TRAP && faultAddress == RETURN_TRAP;
    }

    /** Completes the pending call as Slow-Bridge does at its first user-mode instruction after it. */
    void returned(CpuState cpu) {
        cpu.setRip(pending.returnAddress());
        cpu.setGpr(RAX, classifier.completed(pending.syscall(), pending.decision(), pending.argument(), cpu.gpr(RAX)));
        if (pending.translated()) {
            cpu.setGpr(RDI, pending.argument());
        }
        pending = null;
    }

    byte[] output() {
        return output.bytes();
    }

    int exitStatus() {
        return exitStatus;
    }

    /** @return how many system calls stopped at a hook */
    int syscallsSeen() {
        return syscallsSeen;
    }

    private Syscall lookup(long number) {
        try {
            return classifier.lookup(number);
        } catch (IllegalStateException unlisted) {
            throw new FastBridgeException(unlisted.getMessage());
        }
    }

    private static long routine(LinearMemory kernel, long sysCallTable, Syscall syscall) {
        try {
            return kernel.read(sysCallTable + 8L * syscall.number(), 8);
        } catch (CpuException e) {
            throw new FastBridgeException("cannot read sys_call_table[" + syscall.number() + "]: " + e.getMessage(), e);
        }
    }

    private void hook(KernelText text, long routine) {
        if (hooks.containsKey(routine)) {
            return; // several calls share one routine (sys_ni_syscall)
        }
        Instruction first = text.decode(routine);
        if (first.mnemonic() != Mnemonic.NOP || first.length() != FTRACE_NOP_LENGTH) {
            throw new FastBridgeException("the system-call routine at " + text.describe(routine)
                    + " does not begin with ftrace's 5-byte nop but " + first + ": it cannot be hooked");
        }
        byte[] bytes = first.bytes();
        hooks.put(routine, bytes[0]);
        bytes[0] = (byte) 0xCC; // int3; the rest of the nop is skipped on resuming
        text.replace(first, bytes);
    }
}
