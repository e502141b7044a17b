package org.hybridbridge.fast;

import java.nio.file.Files;
import java.util.List;
import java.util.Map;

import org.hybridbridge.kvm.Kvm;
import org.hybridbridge.kvm.KvmVcpu;
import org.hybridbridge.kvm.KvmVm;
import org.hybridbridge.kvm.PendingException;
import org.hybridbridge.kvm.Regs;
import org.hybridbridge.kvm.Sregs;
import org.hybridbridge.kvm.VcpuExit;

/**
 * A KVM VM with each of {@code ram}'s slots as a memory slot (the SVM's RAM slot 0 at guest-physical 0) and its vCPU 0, as the deprivileged
 * guest's {@link Vcpu}: every call one ioctl.
 */
final class KvmBackedVcpu implements Vcpu {

    private final Kvm kvm;
    private final KvmVm vm;
    private final KvmVcpu vcpu;

    /**
     * The vCPU gets the CPUID leaves KVM supports (KVM checks the kernel's CR4 against them; this
     * KVM answers leaves 1, 7 and 0xD from the host whatever it is given, measured, so a lockstep
     * run makes {@code cpuid} fault instead: FastBridgeOptions#lockstep).
     */
    KvmBackedVcpu(SharedGuestRam ram) {
        if (!Files.exists(Kvm.DEFAULT_DEVICE)) {
            throw new FastBridgeException("no " + Kvm.DEFAULT_DEVICE + " on this host: the x86 engine can stand in "
                    + "for KVM (FastBridgeOptions.GuestCpu.ENGINE, hb run --cpu ENGINE)");
        }
        kvm = Kvm.open();
        try {
            vm = kvm.createVm();
            List<SharedGuestRam.Slot> slots = ram.slots();
            for (int i = 0; i < slots.size(); i++) {
                vm.setUserMemoryRegion(i, slots.get(i).base(), slots.get(i).memory());
            }
            vcpu = vm.createVcpu(0);
            vcpu.setCpuid(kvm.supportedCpuid());
            if (kvm.syncsRegisters()) {
                vcpu.syncRegisters(); // the registers in kvm_run: no ioctl to read or write them at an exit
            }
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
    public void completeMmioRead(long value) {
        vcpu.completeMmioRead(value);
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
