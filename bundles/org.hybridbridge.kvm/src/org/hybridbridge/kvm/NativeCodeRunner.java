package org.hybridbridge.kvm;

import java.util.Objects;

import org.hybridbridge.internal.kvm.guest.Cpl;
import org.hybridbridge.internal.kvm.guest.Gdt;
import org.hybridbridge.internal.kvm.guest.Layout;
import org.hybridbridge.internal.kvm.guest.LongModeGuest;

/**
 * Runs short snippets of x86-64 code natively on the CPU, at CPL3 in long mode (where KVM runs
 * guest code natively even when it emulates CPL0): an oracle for the engine's semantics. The
 * guest is {@link LongModeGuest}'s: the low {@link #MAPPED_BYTES} identity-mapped, readable,
 * writable and executable at CPL3, no IDT. A snippet starts at {@link #CODE} with the caller's
 * registers and flags and ends at a {@code hlt} appended to it: at CPL3 that faults, and with no
 * IDT the fault shuts the vCPU down with its registers intact, RIP at the {@code hlt}. Any other
 * exception ends the run the same way, at the faulting instruction: {@link Outcome#completed()}
 * tells the two apart. One VM and vCPU serve any number of runs; not thread-safe.
 */
public final class NativeCodeRunner implements AutoCloseable {

    /** Where the snippet is loaded and starts. */
    public static final long CODE = Layout.CODE;
    /** The most code bytes a snippet may have (up to the data area, the {@code hlt} included). */
    public static final int MAX_CODE = (int) (0xE000 - Layout.CODE);
    /** The data area, given and returned with every run; put the stack here too if you compare it. */
    public static final long DATA = 0x10000;
    /** Size of the data area: three pages. */
    public static final int DATA_SIZE = 0x3000;
    /** Addresses from here up are not mapped: accesses there raise #PF. */
    public static final long MAPPED_BYTES = Layout.MEMORY_SIZE;
    /** The selector of the flat CPL3 data segment in the guest's GDT (DS, ES, FS, GS and SS hold it). */
    public static final int USER_DATA_SELECTOR = Gdt.USER_DATA_SELECTOR;
    /** The selector of the CPL3 64-bit code segment. */
    public static final int USER_CODE_SELECTOR = Gdt.USER_CODE_SELECTOR;
    /** The guest's GDT: base and size in bytes, to mirror it where selectors are loaded. */
    public static final long GDT = Layout.GDT;
    public static final int GDT_SIZE = Gdt.SIZE;

    private static final byte HLT = (byte) 0xF4;

    /**
     * How a run ended.
     *
     * @param completed whether the snippet ran to its end; otherwise an exception stopped it and
     *                  {@code regs.rip()} is the faulting instruction (a trap's: the next one)
     * @param regs      the registers at the end
     * @param sregs     the special registers at the end (segment selectors, CR2 after a #PF)
     * @param data      the data area at the end, {@link #DATA_SIZE} bytes
     */
    public record Outcome(boolean completed, Regs regs, Sregs sregs, byte[] data) {
    }

    private final Kvm kvm;
    private final GuestMemory memory;
    private final KvmVm vm;
    private final KvmVcpu vcpu;
    private final Sregs entrySregs;

    private NativeCodeRunner(Kvm kvm, GuestMemory memory, KvmVm vm, KvmVcpu vcpu) {
        this.kvm = kvm;
        this.memory = memory;
        this.vm = vm;
        this.vcpu = vcpu;
        this.entrySregs = LongModeGuest.sregs(vcpu.getSregs(), Cpl.CPL3);
    }

    /** Opens {@link Kvm#DEFAULT_DEVICE} and builds the VM. */
    public static NativeCodeRunner open() {
        Kvm kvm = Kvm.open();
        GuestMemory memory = null;
        KvmVm vm = null;
        try {
            memory = GuestMemory.allocate(Layout.MEMORY_SIZE);
            LongModeGuest.load(memory, new byte[] { HLT });
            vm = kvm.createVm();
            vm.setUserMemoryRegion(Layout.MEMORY_SLOT, Layout.MEMORY_BASE, memory);
            return new NativeCodeRunner(kvm, memory, vm, vm.createVcpu(0));
        } catch (RuntimeException e) {
            closeAll(vm, memory, kvm);
            throw e;
        }
    }

    /**
     * Runs {@code code} at CPL3 from {@link #CODE}.
     *
     * @param code    the instructions; a {@code hlt} is appended
     * @param initial the registers at the start; RIP is replaced by {@link #CODE}, RFLAGS is used
     *                as given (bit 1 is forced, as the CPU does)
     * @param data    at most {@link #DATA_SIZE} bytes, loaded at {@link #DATA}; the rest is zeroed
     * @throws IllegalStateException if KVM ends the run for another reason than an exception
     */
    public Outcome run(byte[] code, Regs initial, byte[] data) {
        Objects.checkIndex(code.length, MAX_CODE);
        if (data.length > DATA_SIZE) {
            throw new IllegalArgumentException("data of " + data.length + " bytes, at most " + DATA_SIZE);
        }
        byte[] image = new byte[code.length + 1];
        System.arraycopy(code, 0, image, 0, code.length);
        image[code.length] = HLT;
        memory.putBytes(CODE, image);
        byte[] area = new byte[DATA_SIZE];
        System.arraycopy(data, 0, area, 0, data.length);
        memory.putBytes(DATA, area);
        // a shutdown may leave segment state behind: start every run from the same one
        vcpu.setSregs(entrySregs);
        vcpu.setRegs(initial.withRip(CODE).withRflags(initial.rflags() | 2));
        VcpuExit exit = vcpu.run();
        while (exit instanceof VcpuExit.Interrupted) {
            exit = vcpu.run();
        }
        if (!(exit instanceof VcpuExit.Shutdown)) {
            throw new IllegalStateException("the snippet ended with " + exit + ", not an exception");
        }
        Regs regs = vcpu.getRegs();
        return new Outcome(regs.rip() == CODE + code.length, regs, vcpu.getSregs(), memory.getBytes(DATA, DATA_SIZE));
    }

    /** @return {@code length} bytes of guest memory at {@code address}, e.g. the GDT to mirror */
    public byte[] read(long address, int length) {
        return memory.getBytes(address, length);
    }

    @Override
    public void close() {
        try {
            vcpu.close();
        } finally {
            closeAll(vm, memory, kvm);
        }
    }

    private static void closeAll(KvmVm vm, GuestMemory memory, Kvm kvm) {
        try {
            if (vm != null) {
                vm.close();
            }
        } finally {
            try {
                if (memory != null) {
                    memory.close();
                }
            } finally {
                kvm.close();
            }
        }
    }
}
