package org.hybridbridge.kvm;

import java.util.Arrays;

import org.hybridbridge.internal.kvm.guest.Cpl;
import org.hybridbridge.internal.kvm.guest.CountedLoop;
import org.hybridbridge.internal.kvm.guest.Layout;
import org.hybridbridge.internal.kvm.guest.LongModeGuest;

/**
 * Times {@link CountedLoop} at CPL0 and at CPL3, each on its own vCPU of one small VM.
 *
 * <p>Rates differ by 10^3 between levels and machines (PVM emulates CPL0 at ~2·10^6
 * instructions/s and runs CPL3 natively at ~4·10^9; hardware runs both natively), and every
 * round pays a fixed exit round trip (measured here: ~30 µs at CPL0, ~120 µs at CPL3 under
 * PVM). So the count is calibrated rather than fixed: the exit cost is measured first with
 * one-iteration rounds, then the count starts at {@value #FIRST_COUNT} iterations and grows
 * {@value #GROWTH}x until a round takes {@value #EXIT_COST_FACTOR} times the exit cost, so that
 * cost stays within 2% of the measurement (but at least {@value #MIN_MEASURED_NANOS} ns, and at
 * most {@value #MAX_MEASURED_NANOS} ns should a hiccup of the host inflate the exit cost).
 * Under PVM that is a few thousand instructions at CPL0 (~3-7 ms) and a few tens of millions at
 * CPL3 (~6-10 ms); the whole probe takes a few tens of milliseconds.
 */
final class CplMeasurement implements AutoCloseable {

    static final long FIRST_COUNT = 1024;
    static final int GROWTH = 4;
    static final int EXIT_COST_FACTOR = 50;
    /** A floor well above timer resolution and scheduling jitter, for hosts with cheap exits. */
    static final long MIN_MEASURED_NANOS = 1_000_000;
    /** Keeps the probe short whatever the exit cost: the final round takes less than 4x this. */
    static final long MAX_MEASURED_NANOS = 50_000_000;
    /** One-iteration rounds whose median is taken as the exit cost. */
    static final int EXIT_COST_ROUNDS = 3;
    /** Stops growing here (~2·10^9 instructions) whatever the timer says. */
    static final long MAX_COUNT = 1L << 30;

    /** The guest did not end a round as the loop must: the measurement would be meaningless. */
    static final class GuestMisbehaved extends Exception {
        private static final long serialVersionUID = 1L;

        GuestMisbehaved(String message) {
            super(message);
        }
    }

    private final GuestMemory memory;
    private final KvmVm vm;

    private CplMeasurement(GuestMemory memory, KvmVm vm) {
        this.memory = memory;
        this.vm = vm;
    }

    /** Creates the VM with the loop loaded; one vCPU per measured level comes later. */
    static CplMeasurement start(Kvm kvm) {
        GuestMemory memory = GuestMemory.allocate(Layout.MEMORY_SIZE);
        try {
            LongModeGuest.load(memory, CountedLoop.code());
            KvmVm vm = kvm.createVm();
            try {
                vm.setUserMemoryRegion(Layout.MEMORY_SLOT, Layout.MEMORY_BASE, memory);
                return new CplMeasurement(memory, vm);
            } catch (RuntimeException e) {
                vm.close();
                throw e;
            }
        } catch (RuntimeException e) {
            memory.close();
            throw e;
        }
    }

    /** Measures {@code cpl} on its own vCPU (id = the level). */
    CplRate measure(Cpl cpl) throws GuestMisbehaved {
        try (KvmVcpu vcpu = vm.createVcpu(cpl.level())) {
            vcpu.setSregs(LongModeGuest.sregs(vcpu.getSregs(), cpl));
            vcpu.setRegs(LongModeGuest.entryRegs());
            // The first entry pays for building the vCPU's view of guest memory: not timed.
            runRound(vcpu, cpl, 1);
            long enough = Math.clamp(EXIT_COST_FACTOR * exitCost(vcpu, cpl), MIN_MEASURED_NANOS, MAX_MEASURED_NANOS);
            long count = FIRST_COUNT;
            long nanos = runRound(vcpu, cpl, count);
            while (nanos < enough && count < MAX_COUNT) {
                count *= GROWTH;
                nanos = runRound(vcpu, cpl, count);
            }
            return new CplRate(cpl.level(), CountedLoop.instructionsPerResumedRound(count), nanos);
        }
    }

    /** The median time of rounds that do (almost) nothing but exit. */
    private long exitCost(KvmVcpu vcpu, Cpl cpl) throws GuestMisbehaved {
        long[] nanos = new long[EXIT_COST_ROUNDS];
        for (int i = 0; i < nanos.length; i++) {
            nanos[i] = runRound(vcpu, cpl, 1);
        }
        Arrays.sort(nanos);
        return nanos[nanos.length / 2];
    }

    /** One round of {@code count} iterations; returns the time {@code KVM_RUN} took. */
    private long runRound(KvmVcpu vcpu, Cpl cpl, long count) throws GuestMisbehaved {
        memory.putLong(Layout.LOOP_COUNT, count);
        long start = System.nanoTime();
        VcpuExit exit = vcpu.run();
        while (exit instanceof VcpuExit.Interrupted) { // a signal for this thread: the guest just goes on
            exit = vcpu.run();
        }
        long nanos = System.nanoTime() - start;
        if (!(exit instanceof VcpuExit.IoOut out && out.port() == CountedLoop.PORT)) {
            throw new GuestMisbehaved("guest at " + cpl + " ended with " + exit + ", not an out to port 0x"
                    + Integer.toHexString(CountedLoop.PORT));
        }
        long rcx = vcpu.getRegs().rcx();
        if (rcx != 0) {
            throw new GuestMisbehaved("guest at " + cpl + " left the loop with RCX=" + rcx + ", not 0");
        }
        return nanos;
    }

    @Override
    public void close() {
        try {
            vm.close();
        } finally {
            memory.close();
        }
    }
}
