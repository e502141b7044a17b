package org.hybridbridge.fast;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Set;

import org.hybridbridge.fast.codepage.CodeClass;
import org.hybridbridge.kvm.PendingException;
import org.hybridbridge.x86.Instruction;
import org.hybridbridge.x86.Mnemonic;
import org.hybridbridge.x86.RegisterKind;
import org.hybridbridge.x86.RegisterOperand;
import org.hybridbridge.x86.exec.CpuException;
import org.hybridbridge.x86.exec.CpuState;
import org.hybridbridge.x86.exec.EngineError;
import org.hybridbridge.x86.exec.Machine;

/**
 * One exception that stopped the deprivileged vCPU (KVM_EXIT_SHUTDOWN, named by
 * KVM_GET_VCPU_EVENTS), handled as the processor the kernel believes in would have handled it:
 * a privileged instruction that trapped (#GP) is neutralised or run by the x86 engine on the same
 * memory and state; a page fault is the VMM's (a missing U bit, the return trap, the system-call
 * entry trap) or delivered into the kernel's own IDT handler; an {@code int3} is a system-call
 * hook. Anything else stops the run with one line naming the instruction, its symbol and the exit.
 */
final class KernelTraps {

    private static final Set<Mnemonic> EMULATED = Set.of(Mnemonic.RDMSR, Mnemonic.WRMSR, Mnemonic.MOV,
            Mnemonic.INVLPG, Mnemonic.SYSRETQ, Mnemonic.IRETQ);
    private static final int CR3 = 3, RSP = 4;
    private static final byte[] CPUID = { 0x0F, (byte) 0xA2 };

    private final Machine machine;
    private final CpuState cpu;
    private final DeprivilegedCpu vcpu;
    private final KernelText text;
    private final KernelUserBits userBits;
    private final Neutraliser neutraliser;
    private final SyscallGate gate;
    private final SyscallEntryTrap entryTrap;
    private final ExitCounts exits;
    private final TimeStampSites timeStamps;
    /** The redirected run's window on introspected calls; {@code null} when not redirected. */
    private final IntrospectedCall call;
    /** Whether KVM must drop its cached translations before the next run. */
    private boolean tlbStale;

    KernelTraps(Machine machine, DeprivilegedCpu vcpu, KernelText text, KernelUserBits userBits,
            Neutraliser neutraliser, SyscallGate gate, SyscallEntryTrap entryTrap, TimeStampSites timeStamps,
            ExitCounts exits, IntrospectedCall call) {
        this.machine = machine;
        this.cpu = machine.cpu();
        this.vcpu = vcpu;
        this.text = text;
        this.userBits = userBits;
        this.neutraliser = neutraliser;
        this.gate = gate;
        this.entryTrap = entryTrap;
        this.exits = exits;
        this.timeStamps = timeStamps;
        this.call = call;
    }

    /**
     * Handles the exception; the engine's state is loaded and is stored back by the caller.
     *
     * @return whether the utility has exited
     */
    boolean handle(PendingException exception) {
        machine.mmu().flushAll(); // KVM ran the guest since the engine last walked the page tables
        try {
            return switch (exception.vector()) {
                case CpuException.PF -> pageFault(exception.errorCode());
                case CpuException.GP -> generalProtection(exception.errorCode());
                case CpuException.BP -> breakpoint();
                case CpuException.UD -> timeStamp();
                default -> throw unhandled("exception " + exception.vector());
            };
        } catch (CpuException e) {
            throw unhandled("a fault of the VMM's own access (" + e.getMessage() + ")");
        } catch (EngineError e) {
            throw new FastBridgeException(e.getMessage() + " (emulating at " + text.describe(cpu.rip()) + ")", e);
        }
    }

    /** @return whether KVM's translations must be dropped; clears the mark */
    boolean takeTlbStale() {
        boolean stale = tlbStale;
        tlbStale = false;
        return stale;
    }

    private boolean pageFault(int errorCode) {
        long address = vcpu.faultAddress();
        if (entryTrap.isEntry(cpu.rip(), address)) {
            entryTrap.entered(cpu);
            exits.count("#PF system-call entry trap");
            return false;
        }
        if (gate.isPendingReturn(cpu.rip(), address)) {
            gate.returned(cpu);
            exits.count("#PF return trap: system call completed");
            return false;
        }
        if (call != null && call.isReturn(cpu.rip(), address)) {
            call.returned(cpu);
            return false;
        }
        if (call != null && call.inView()) {
            if (call.servesFromGvm(address)) {
                throw new FastBridgeException(String.format("a redirectable access to %#x faulted in the GVM image "
                        + "(error %#x) at %s", address, errorCode, text.describe(cpu.rip())));
            }
        } else if (DeprivilegedCpu.inKernelHalf(address) && (errorCode & CpuException.PF_PRESENT) != 0
                && userBits.fixWalk(cpu.cr(CR3), address)) {
            tlbStale = true;
            exits.count("#PF U-bit fix-up");
            return false;
        }
        boolean kernelMode = DeprivilegedCpu.inKernelHalf(cpu.rip());
        // the vCPU faulted at CPL3; the kernel must see a supervisor-mode fault
        int code = kernelMode ? errorCode & ~CpuException.PF_USER : errorCode;
        return deliver(CpuException.pageFault(address, code),
                "#PF delivered, " + (kernelMode ? "kernel" : "user") + " mode");
    }

    private boolean generalProtection(int errorCode) throws CpuException {
        if (isCpuid()) { // CPUID faulting, in a lockstep run: the engine's processor answers
            machine.step();
            exits.count("#GP cpuid emulated");
            return false;
        }
        if (!DeprivilegedCpu.inKernelHalf(cpu.rip())) {
            return deliver(CpuException.generalProtection(errorCode, "user-mode #GP"), "#GP delivered, user mode");
        }
        Instruction instruction = text.decode(cpu.rip());
        Mnemonic mnemonic = instruction.mnemonic();
        String name = mnemonic.name().toLowerCase(Locale.ROOT);
        if (Neutraliser.isNeutralisable(mnemonic)) {
            neutraliser.learn(instruction);
            if (call != null) {
                call.textChanged(instruction.address());
            }
            exits.count("#GP " + name + " neutralised (first trap)");
            return false;
        }
        if (mnemonic == Mnemonic.HLT) {
            throw unhandled("hlt: the vCPU would wait for an interrupt that never comes");
        }
        boolean controlRegister = instruction.operands().stream()
                .anyMatch(o -> o instanceof RegisterOperand r && r.register().kind() == RegisterKind.CONTROL);
        if (!EMULATED.contains(mnemonic) || mnemonic == Mnemonic.MOV && !controlRegister) {
            throw unhandled("#GP on " + instruction + ", which Fast-Bridge does not emulate");
        }
        long root = cpu.cr(CR3);
        machine.step();
        exits.count("#GP " + (controlRegister ? instruction.toString() : name) + " emulated");
        if (controlRegister && instruction.operands().get(0) instanceof RegisterOperand target
                && target.register().kind() == RegisterKind.CONTROL) {
            if (target.register().number() == CR3) {
                userBits.markKernelHalf(cpu.cr(CR3));
                tlbStale |= cpu.cr(CR3) == root; // a new root makes KVM start afresh by itself
            } else {
                tlbStale = true; // CR0 and CR4 stay the snapshot's in KVM; a write there flushes, as PGE toggles do
            }
        }
        tlbStale |= mnemonic == Mnemonic.INVLPG;
        if (call != null && mnemonic == Mnemonic.IRETQ) {
            call.afterIret(cpu);
        }
        return false;
    }

    /** A {@code ud2}: one of the kernel's {@code rdtsc} sites ({@link TimeStampSites}), or the kernel's own. */
    private boolean timeStamp() {
        if (timeStamps.isSite(cpu.rip())) {
            timeStamps.emulate(machine, cpu.rip());
            exits.count(ExitCounts.CLOCK_READ);
            return false;
        }
        return deliver(CpuException.invalidOpcode("ud2"), "#UD delivered");
    }

    private boolean isCpuid() throws CpuException {
        byte[] opcode = new byte[CPUID.length];
        machine.mmu().read(cpu.rip(), opcode);
        return Arrays.equals(opcode, CPUID);
    }

    private boolean breakpoint() throws CpuException {
        if (gate.isHook(cpu.rip())) {
            SyscallGate.Outcome outcome = gate.enter(cpu, machine.mmu());
            if (outcome == SyscallGate.Outcome.INTROSPECTED) {
                exits.count(ExitCounts.INTROSPECTED_CALL); // a VM exit, counted before the call may go to the engine
                call.open(cpu, machine.mmu(), gate.enteredName());
            } else {
                exits.count("int3 system-call hook");
            }
            return outcome == SyscallGate.Outcome.EXITED;
        }
        if (call == null || !call.inView()) {
            throw unhandled("int3 that is not a system-call hook");
        }
        if (call.breakpoint(cpu) == CodeClass.UNKNOWN) {
            throw unhandled("instruction without meta-data (this run has no fallback to Slow-Bridge)");
        }
        return false;
    }

    private boolean deliver(CpuException exception, String cause) {
        if (call != null && call.inView()) {
            cause += ", from the " + call.view() + " view";
            call.suspend(cpu.gpr(RSP));
        }
        machine.deliver(exception);
        exits.count(cause);
        return false;
    }

    private FastBridgeException unhandled(String what) {
        byte[] bytes = new byte[8];
        try {
            machine.mmu().read(cpu.rip(), bytes);
        } catch (CpuException e) {
            bytes = new byte[0];
        }
        return new FastBridgeException(String.format("unhandled %s at %s [%s] in %s mode, exit %,d", what,
                text.describe(cpu.rip()), HexFormat.ofDelimiter(" ").formatHex(bytes),
                DeprivilegedCpu.inKernelHalf(cpu.rip()) ? "kernel" : "user", exits.total() + 1));
    }
}
