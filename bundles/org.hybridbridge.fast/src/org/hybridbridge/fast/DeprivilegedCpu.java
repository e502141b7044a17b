package org.hybridbridge.fast;

import org.hybridbridge.kvm.DescriptorTable;
import org.hybridbridge.kvm.Segment;
import org.hybridbridge.kvm.Sregs;
import org.hybridbridge.x86.exec.CpuState;

/**
 * The one processor of the SVM, in two forms. The x86 engine's {@link CpuState} is the processor
 * the kernel believes it runs on: CPL0 whenever RIP is in the kernel half, its own IDT, CR4,
 * MSRs. The {@link Vcpu} is what really runs it: always CPL3 (CS 0x33, SS 0x2b), the IDT limit 0
 * (so every exception stops the vCPU, DESIGN.md 3.4), CR4 without SMEP, SMAP and PKE (kernel code
 * runs on U pages), IF set (no interrupt ever comes; a CPL3 {@code popf} could not set it back).
 * {@link #load} brings what the vCPU ran into the engine's state, {@link #store} projects the
 * engine's state back onto the vCPU.
 */
final class DeprivilegedCpu {

    private static final int CS = 1, SS = 2, FS = 4, GS = 5;
    /** Linux's GDT selectors, and the hidden attributes QEMU's layout gives them (CpuState#segmentFlags). */
    private static final int KERNEL_CS = 0x10, KERNEL_SS = 0x18, USER_SS = 0x2b, USER_CS = 0x33;
    private static final int KERNEL_CODE = 0x00A0_9B00, USER_CODE = 0x00A0_FB00, KERNEL_DATA = 0x00C0_9300,
            USER_DATA = 0x00C0_F300;
    private static final long CR4_SMEP = 1L << 20, CR4_SMAP = 1L << 21, CR4_PKE = 1L << 22;
    /** A CR3 that differs in one bit: loading it and then the real one makes KVM drop its shadow translations. */
    private static final long OTHER_ROOT = 0x1000;
    private static final long FLAT_LIMIT = 0xFFFF_FFFFL;
    private static final int CODE_TYPE = 11, DATA_TYPE = 3, TSS_BUSY_TYPE = 11;

    private final Vcpu vcpu;
    private final CpuState cpu;
    /** KVM's own parts of the special registers (APIC base, interrupt bitmap, LDT). */
    private final Sregs kvmOwn;
    /** CR0 and CR4 as the vCPU runs: the snapshot's, fixed (the kernel's writes change the engine's state only). */
    private final long hardwareCr0;
    private final long hardwareCr4;
    private Sregs lastStored;
    /** Whether the vCPU was swapped since the last {@link #store} ({@link #handedOver}). */
    private boolean handedOver;
    /** The views of a redirected run, whose current one decides CR3 and the GS base; {@code null} when not redirected. */
    private RedirectViews views;

    DeprivilegedCpu(Vcpu vcpu, CpuState cpu) {
        this.vcpu = vcpu;
        this.cpu = cpu;
        this.kvmOwn = vcpu.getSregs();
        this.hardwareCr0 = cpu.cr(0);
        this.hardwareCr4 = cpu.cr(4) & ~(CR4_SMEP | CR4_SMAP | CR4_PKE);
        enterPrivilegeOf(cpu.rip());
    }

    /** Runs the vCPU in the current view of {@code redirectViews} from now on. */
    void runIn(RedirectViews redirectViews) {
        views = redirectViews;
    }

    CpuState state() {
        return cpu;
    }

    /** @return whether {@code address} is in the kernel half (bit 63 set) */
    static boolean inKernelHalf(long address) {
        return address < 0;
    }

    /** Reads the registers the vCPU may have changed natively; the privilege level follows RIP. */
    void load() {
        GeneralRegisters.copy(vcpu.getRegs(), cpu);
        enterPrivilegeOf(cpu.rip());
    }

    /**
     * The vCPU was swapped ({@link HandOffVcpu}): the next {@link #store} projects the special
     * registers too, and drops what KVM cached of page tables the VMM changed while it was away.
     */
    void handedOver() {
        handedOver = true;
    }

    /** Projects the engine's state onto the vCPU: the registers always, the special registers when they changed. */
    void store() {
        vcpu.setRegs(GeneralRegisters.of(cpu, cpu.rflags() & ~CpuState.IOPL | CpuState.IF | CpuState.RFLAGS_FIXED));
        if (handedOver) {
            handedOver = false;
            flushTlb();
            return;
        }
        Sregs projected = projectedSregs(hardwareRoot());
        if (!projected.equals(lastStored)) {
            vcpu.setSregs(projected);
            lastStored = projected;
        }
    }

    /**
     * Makes KVM drop the translations it cached from the page tables (after {@code invlpg}, a
     * CR4 write, or the VMM's own edits of the tables, which KVM's write tracking does not see).
     */
    void flushTlb() {
        vcpu.setSregs(projectedSregs(hardwareRoot() ^ OTHER_ROOT));
        lastStored = projectedSregs(hardwareRoot());
        vcpu.setSregs(lastStored);
    }

    /** @return the CR2 of the last page fault the vCPU took natively */
    long faultAddress() {
        return vcpu.getSregs().cr2();
    }

    private void enterPrivilegeOf(long rip) {
        if (inKernelHalf(rip)) {
            cpu.setSegment(CS, KERNEL_CS, 0, KERNEL_CODE);
            cpu.setSegment(SS, KERNEL_SS, 0, KERNEL_DATA);
        } else {
            cpu.setSegment(CS, USER_CS, 0, USER_CODE);
            cpu.setSegment(SS, USER_SS, 0, USER_DATA);
        }
    }

    private long hardwareRoot() {
        return views == null ? cpu.cr(3) : views.hardwareRoot(cpu.cr(3));
    }

    /** CR2 is left 0: the kernel reads the engine's, through an emulated {@code mov %cr2}. */
    private Sregs projectedSregs(long cr3) {
        Segment code = new Segment(0, FLAT_LIMIT, USER_CS, CODE_TYPE, true, 3, false, true, true, true, false, false);
        Segment stack = userData(USER_SS, 0);
        Segment none = userData(0, 0);
        Segment tr = new Segment(cpu.trBase(), Integer.toUnsignedLong(cpu.trLimit()), cpu.trSelector(), TSS_BUSY_TYPE,
                true, 0, false, false, false, false, false, false);
        return new Sregs(code, none, none, userData(0, cpu.segmentBase(FS)), userData(0, views == null ? cpu.segmentBase(GS) : views.hardwareGsBase(cpu.segmentBase(GS))), stack,
                tr, kvmOwn.ldt(), new DescriptorTable(cpu.gdtrBase(), cpu.gdtrLimit()),
                new DescriptorTable(cpu.idtrBase(), 0), hardwareCr0, 0, cr3, hardwareCr4, kvmOwn.cr8(),
                cpu.efer(), kvmOwn.apicBase(), kvmOwn.interruptBitmap());
    }

    private static Segment userData(int selector, long base) {
        return new Segment(base, FLAT_LIMIT, selector, DATA_TYPE, true, 3, true, true, false, true, false, false);
    }
}
