package org.hybridbridge.fast;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.hybridbridge.kvm.GuestMemory;
import org.hybridbridge.kvm.VcpuExit;
import org.hybridbridge.qemu.SnapshotFile;
import org.hybridbridge.qemu.SnapshotManifest.MemoryRange;
import org.hybridbridge.x86.exec.AccessType;
import org.hybridbridge.x86.exec.CpuException;
import org.hybridbridge.x86.exec.CpuState;
import org.hybridbridge.x86.exec.Machine;
import org.hybridbridge.x86.exec.Mmu;
import org.hybridbridge.x86.exec.QemuCpuModel;

/**
 * Fast-Bridge (DESIGN.md 3.4): runs the utility from the SVM's run-start snapshot on KVM, user
 * and kernel code natively at CPL3, to its {@code exit_group}; with a {@link Redirection}, its
 * introspected system calls read the GVM's kernel data through the views of {@link RedirectViews}.
 * <ol>
 * <li>The snapshot's memory is the guest's RAM: the {@code .hbsnap} file mapped private from a
 * read-only descriptor, slot 0 at guest-physical 0; the engine works on the same mapping. A
 * redirected run adds the GVM's slots and the VMM's ({@link GuestSlots}).</li>
 * <li>The kernel is deprivileged in that private copy: U on kernel-half paging entries
 * ({@link KernelUserBits}), the system-call path made native ({@link NativeSyscallPath}),
 * remembered {@code cli}/{@code sti}/{@code swapgs} sites neutralised ({@link Neutraliser}),
 * clock reads made to trap ({@link TimeStampSites}), hooks on the routines of non-local system
 * calls ({@link SyscallGate}).</li>
 * <li>The vCPU (KVM's, or the engine standing in for it: {@link Vcpu}) runs at CPL3 with no IDT
 * ({@link DeprivilegedCpu}); every exception stops it and is handled by {@link KernelTraps}.
 * Port output (the kernel's console) is counted and dropped; a load where there is no RAM reads
 * all ones and a store there is dropped, as in Slow-Bridge's memory.</li>
 * </ol>
 * Both budgets, exits and wall time, end the run with a {@link FastBridgeException} saying which.
 */
public final class FastBridge {

    private static final int MSR_STAR = 0xC000_0081, MSR_LSTAR = 0xC000_0082, MSR_CSTAR = 0xC000_0083,
            MSR_SFMASK = 0xC000_0084, MSR_PAT = 0x277;
    /** MSR_MISC_FEATURES_ENABLES: bit 0 makes {@code cpuid} at CPL above 0 raise #GP (CPUID faulting). */
    private static final int MSR_MISC_FEATURES = 0x140;
    private static final int GS = 5;
    /** The same exit this many times in a row, each handled without moving RIP, is a loop the VMM is stuck in. */
    private static final int REPEATS_BEFORE_STUCK = 8;

    private FastBridge() {
    }

    /**
     * Runs the utility whose run-start state {@code svm} holds.
     *
     * @param start   the snapshot's vCPU state in the engine's form
     * @param tsc     the snapshot's time-stamp counter, for the engine's {@code rdtsc}
     * @param prepare writes what the run adds to the snapshot's state (the command line of a
     *                snapshot of every command) through the machine, before the vCPU runs
     * @throws FastBridgeException when the run cannot go on or a budget ran out
     */
    public static FastRunResult run(SnapshotFile svm, CpuState start, long tsc, Consumer<Machine> prepare,
            FastBridgeOptions options, Redirection redirection) {
        long began = System.nanoTime();
        MemoryRange range = ramOf(svm);
        try (GuestMemory ram = GuestMemory.mapPrivate(svm.path(), range.fileOffset(), range.size());
                GuestSlots slots = new GuestSlots(new SharedGuestRam(ram))) {
            CpuState cpu = start.copy();
            if (!DeprivilegedCpu.inKernelHalf(cpu.rip())) {
                // GS base is the kernel's at all times (Neutraliser); the user's waits in KERNEL_GS_BASE
                long userGs = cpu.segmentBase(GS);
                cpu.setSegmentBase(GS, cpu.kernelGsBase());
                cpu.setKernelGsBase(userGs);
            }
            SharedGuestRam shared = slots.ram();
            Machine machine = new Machine(cpu, shared, new QemuCpuModel(tsc));
            machine.setSymbolizer(options.symbols());
            prepare.accept(machine); // the run-start state's last touches, such as the command line it runs
            Mmu kernel = machine.mmu().supervisorView();
            KernelAddresses addresses = options.kernel();

            KernelUserBits userBits = new KernelUserBits(ram);
            userBits.markKernelHalf(cpu.cr(3));
            userBits.markKernelHalf(physical(kernel, addresses.initTopPgt()));
            KernelText text = new KernelText(kernel, options.symbols());
            Neutraliser neutraliser = new Neutraliser(text, options.neutralisedSites());
            neutraliser.neutraliseKnownSites();
            NativeSyscallPath.install(text, neutraliser, addresses.entrySyscall(), addresses.returnThroughIret(),
                    addresses.loadGsIndex());
            TimeStampSites timeStamps = new TimeStampSites(text, kernel, addresses.textStart(), addresses.textEnd(),
                    addresses.functionStarts(), options.clockSites());
            SyscallGate gate = new SyscallGate(options.syscalls(), text, kernel, addresses.sysCallTable(),
                    redirection != null);
            SyscallEntryTrap entryTrap = new SyscallEntryTrap(addresses.entrySyscall(), options.lockstep(),
                    kernel);
            ExitCounts exits = new ExitCounts();
            RedirectViews views = redirection == null ? null : slots.views(redirection, kernel, gate, options);
            boolean handsOff = views != null && options.cpu() == FastBridgeOptions.GuestCpu.KVM
                    && redirection.handOffAfter() != Redirection.NEVER_HAND_OFF;

            try (Vcpu guest = newVcpu(options.cpu(), handsOff, shared, tsc, exits)) {
                guest.setMsrs(Map.of(MSR_LSTAR, entryTrap.lstar(), MSR_STAR, cpu.msr(MSR_STAR), MSR_CSTAR,
                        cpu.msr(MSR_CSTAR), MSR_SFMASK, cpu.msr(MSR_SFMASK) & ~CpuState.IF, MSR_PAT,
                        cpu.msr(MSR_PAT), MSR_MISC_FEATURES, options.lockstep() ? 1L : 0L));
                DeprivilegedCpu vcpu = new DeprivilegedCpu(guest, cpu);
                IntrospectedCall call = null;
                if (views != null) {
                    vcpu.runIn(views);
                    IntrospectedCall.EngineHandOff handOff = guest instanceof HandOffVcpu swappable ? onEngine -> {
                        swappable.select(onEngine);
                        vcpu.handedOver();
                    } : IntrospectedCall.EngineHandOff.NONE;
                    call = new IntrospectedCall(views, exits, text::describe, handOff, redirection.handOffAfter(),
                            redirection.fallback());
                }
                vcpu.store();
                KernelTraps traps = new KernelTraps(machine, vcpu, text, userBits, neutraliser, gate, entryTrap,
                        timeStamps, exits, call);
                long running = System.nanoTime();
                runToExit(guest, vcpu, traps, exits, options, text);
                long ended = System.nanoTime();
                neutraliser.save();
                if (views != null) {
                    views.saveBuiltPages();
                }
                return new FastRunResult(gate.output(), gate.exitStatus(), exits, gate.syscallsSeen(),
                        neutraliser.sites(), neutraliser.learnedSites(), userBits.entriesChanged(),
                        Duration.ofNanos(running - began), Duration.ofNanos(ended - running), entryTrap.entries(),
                        call == null ? 0 : call.introspectedCalls(), views == null ? 0 : views.pagesBuilt(),
                        views == null ? 0 : views.pagesFromCache());
            }
        }
    }

    /** @return KVM's vCPU, which hands alternating introspected calls to the engine when {@code handsOff}; or the engine */
    private static Vcpu newVcpu(FastBridgeOptions.GuestCpu cpu, boolean handsOff, SharedGuestRam ram, long tsc,
            ExitCounts exits) {
        if (cpu == FastBridgeOptions.GuestCpu.ENGINE) {
            return new EngineVcpu(ram, tsc);
        }
        KvmBackedVcpu kvm = new KvmBackedVcpu(ram);
        return handsOff ? new HandOffVcpu(kvm, new EngineVcpu(ram, tsc), exits) : kvm;
    }

    private static void runToExit(Vcpu guest, DeprivilegedCpu vcpu, KernelTraps traps, ExitCounts exits,
            FastBridgeOptions options, KernelText text) {
        long deadline = System.nanoTime() + options.wallBudget().toNanos();
        String last = null;
        int repeats = 0;
        while (true) {
            if (exits.total() >= options.exitBudget()) {
                throw new FastBridgeException(String.format("the exit budget of %,d exits ran out at %s",
                        options.exitBudget(), text.describe(vcpu.state().rip())));
            }
            if (System.nanoTime() > deadline) {
                throw new FastBridgeException(String.format("the wall-time budget of %s ran out after %,d exits at %s",
                        options.wallBudget(), exits.total(), text.describe(vcpu.state().rip())));
            }
            VcpuExit exit = guest.run();
            switch (exit) {
                case VcpuExit.Shutdown shutdown -> {
                    var exception = guest.pendingException();
                    vcpu.load();
                    long rip = vcpu.state().rip();
                    String here = exception + "@" + rip;
                    repeats = here.equals(last) ? repeats + 1 : 0;
                    last = here;
                    if (repeats == REPEATS_BEFORE_STUCK) {
                        throw new FastBridgeException(String.format(
                                "the same exit (vector %d, error %#x) repeats at %s",
                                exception.vector(), exception.errorCode(), text.describe(rip)));
                    }
                    if (traps.handle(exception)) {
                        return;
                    }
                    if (vcpu.state().rip() != rip) {
                        // handled with progress (an instruction emulated, an exception delivered): a
                        // kernel loop that traps at one site (invlpg page by page as munmap flushes a
                        // range) is not the VMM stuck; the exit and wall budgets bound the kernel's loops
                        last = null;
                    }
                    vcpu.store();
                    if (traps.takeTlbStale()) {
                        vcpu.flushTlb();
                    }
                }
                case VcpuExit.Mmio mmio -> {
                    // no device is emulated: both engines must read the same bytes where no RAM is
                    if (!mmio.write()) {
                        guest.completeMmioRead(-1L);
                    }
                    exits.count(mmio.write() ? ExitCounts.MMIO_WRITE : ExitCounts.MMIO_READ);
                }
                case VcpuExit.IoOut out -> exits.count(String.format("port output %#x (dropped)", out.port()));
                case VcpuExit.Interrupted interrupted ->
                    exits.count("run interrupted (a signal, or the engine's instruction slice)");
                default -> {
                    vcpu.load();
                    throw new FastBridgeException("unhandled exit " + exit + " at " + text.describe(vcpu.state().rip())
                            + ", exit " + (exits.total() + 1));
                }
            }
        }
    }

    /** The snapshot must hold its RAM as one range from guest-physical 0: the one slot. */
    private static MemoryRange ramOf(SnapshotFile svm) {
        List<MemoryRange> ranges = svm.manifest().memory();
        if (ranges.size() != 1 || ranges.get(0).guestPhysical() != 0) {
            throw new FastBridgeException(svm.path() + " holds " + ranges.size()
                    + " memory ranges; Fast-Bridge maps one, from guest-physical 0");
        }
        return ranges.get(0);
    }

    private static long physical(Mmu kernel, long address) {
        try {
            return kernel.translate(address, AccessType.READ);
        } catch (CpuException e) {
            throw new FastBridgeException(String.format("the kernel address %#x is not mapped: %s", address,
                    e.getMessage()), e);
        }
    }
}
