package org.hybridbridge.fast;

import java.nio.file.Files;
import java.util.Map;

import org.hybridbridge.kvm.GuestMemory;
import org.hybridbridge.kvm.Kvm;
import org.hybridbridge.kvm.KvmVcpu;
import org.hybridbridge.kvm.KvmVm;
import org.hybridbridge.kvm.PendingException;
import org.hybridbridge.kvm.Regs;
import org.hybridbridge.kvm.Sregs;
import org.hybridbridge.kvm.VcpuExit;

/**
 * A KVM VM with {@code ram} as slot 0 at guest-physical 0 and its vCPU 0, as the deprivileged
 * guest's {@link Vcpu}: every call one ioctl.
 */
final class KvmBackedVcpu implements Vcpu {

    private final Kvm kvm;
    private final KvmVm vm;
    private final KvmVcpu vcpu;

    /** IA32_TSC, whose write KVM turns into the vCPU's TSC offset. */
    private static final int MSR_TSC = 0x10;

    /**
     * The vCPU gets the CPUID leaves KVM supports (KVM checks the kernel's CR4 against them; this
     * KVM answers leaves 1, 7 and 0xD from the host whatever it is given, measured, so a lockstep
     * run makes {@code cpuid} fault instead: FastBridgeOptions#lockstep) and the snapshot's TSC (a
     * new vCPU's counts from 0: the kernel's clock would go back before its last reading).
     */
    KvmBackedVcpu(GuestMemory ram, long tsc) {
        if (!Files.exists(Kvm.DEFAULT_DEVICE)) {
            throw new FastBridgeException("no " + Kvm.DEFAULT_DEVICE + " on this host: the x86 engine can stand in "
                    + "for KVM (FastBridgeOptions.GuestCpu.ENGINE, hb run --cpu ENGINE)");
        }
        kvm = Kvm.open();
        try {
            vm = kvm.createVm();
            vm.setUserMemoryRegion(0, 0, ram);
            vcpu = vm.createVcpu(0);
            vcpu.setCpuid(kvm.supportedCpuid());
            vcpu.setMsrs(Map.of(MSR_TSC, tsc));
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    @Override
    public Regs getRegs() {
        return vcpu.getRegs();
    }

    @Override
    public void setRegs(Regs regs) {
        vcpu.setRegs(regs);
    }

    @Override
    public Sregs getSregs() {
        return vcpu.getSregs();
    }

    @Override
    public void setSregs(Sregs sregs) {
        vcpu.setSregs(sregs);
    }

    @Override
    public void setMsrs(Map<Integer, Long> msrs) {
        vcpu.setMsrs(msrs);
    }

    @Override
    public VcpuExit run() {
        return vcpu.run();
    }

    @Override
    public PendingException pendingException() {
        return vcpu.pendingException();
    }

    @Override
    public void close() {
        if (vcpu != null) {
            vcpu.close();
        }
        if (vm != null) {
            vm.close();
        }
        kvm.close();
    }
}
