package org.hybridbridge.fast;

import java.util.Map;

import org.hybridbridge.kvm.PendingException;
import org.hybridbridge.kvm.Regs;
import org.hybridbridge.kvm.Sregs;
import org.hybridbridge.kvm.VcpuExit;

/**
 * What runs the deprivileged guest: a KVM vCPU ({@link KvmBackedVcpu}), or the x86 engine
 * behaving as this machine's KVM does at CPL3 ({@link EngineVcpu}), for hosts without
 * {@code /dev/kvm}. The state and exits are KVM's types either way.
 */
interface Vcpu extends AutoCloseable {

    Regs getRegs();

    void setRegs(Regs regs);

    Sregs getSregs();

    /** Sets the special registers; the vCPU's cached translations are dropped when CR3 changes. */
    void setSregs(Sregs sregs);

    void setMsrs(Map<Integer, Long> msrs);

    /** Runs until the guest stops: an exception is a {@link VcpuExit.Shutdown}, named by {@link #pendingException}. */
    VcpuExit run();

    PendingException pendingException();

    /** Answers the read of the last {@link VcpuExit.Mmio} exit with the low bytes of {@code value}. */
    void completeMmioRead(long value);

    @Override
    void close();
}
