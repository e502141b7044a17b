package org.hybridbridge.fast;

import java.util.Map;

import org.hybridbridge.kvm.PendingException;
import org.hybridbridge.kvm.Regs;
import org.hybridbridge.kvm.Sregs;
import org.hybridbridge.kvm.VcpuExit;

/**
 * KVM's vCPU, which the VMM can swap for the x86 engine for a stretch of code and take back
 * (DESIGN.md 3.4: both run on the same memory, so no state but the registers moves). A redirected
 * run hands over an introspected call whose code alternates between GVM data and the SVM's heap:
 * each alternation is a view-switch exit on KVM (~70 µs here), a method call on the engine.
 * While handed over, the traps the engine stops at are not VM exits ({@link ExitCounts#onEngine}).
 * The caller projects the whole state onto the vCPU after a swap ({@link DeprivilegedCpu#handedOver}).
 */
final class HandOffVcpu implements Vcpu {

    private final Vcpu kvm;
    private final Vcpu engine;
    private final ExitCounts exits;
    private Vcpu current;

    HandOffVcpu(Vcpu kvm, Vcpu engine, ExitCounts exits) {
        this.kvm = kvm;
        this.engine = engine;
        this.exits = exits;
        this.current = kvm;
    }

    /** Runs on the engine from the next {@link #run} when {@code onEngine}, else on KVM. */
    void select(boolean onEngine) {
        current = onEngine ? engine : kvm;
        exits.onEngine(onEngine);
    }

    @Override
    public Regs getRegs() {
        return current.getRegs();
    }

    @Override
    public void setRegs(Regs regs) {
        current.setRegs(regs);
    }

    @Override
    public Sregs getSregs() {
        return current.getSregs();
    }

    @Override
    public void setSregs(Sregs sregs) {
        current.setSregs(sregs);
    }

    /** Both get the MSRs: the engine's {@code syscall} must land where KVM's does. */
    @Override
    public void setMsrs(Map<Integer, Long> msrs) {
        kvm.setMsrs(msrs);
        engine.setMsrs(msrs);
    }

    @Override
    public VcpuExit run() {
        return current.run();
    }

    @Override
    public PendingException pendingException() {
        return current.pendingException();
    }

    @Override
    public void completeMmioRead(long value) {
        current.completeMmioRead(value);
    }

    @Override
    public void close() {
        try {
            engine.close();
        } finally {
            kvm.close();
        }
    }
}
