package org.hybridbridge.kvm;

import java.nio.file.Files;
import java.nio.file.Path;

import org.hybridbridge.internal.kvm.guest.Cpl;

/**
 * Checks a KVM device and measures how fast it runs guest code at CPL0 and at CPL3, with a tiny
 * long-mode guest running a counted loop of exactly known length, calibrated to the machine's
 * speed. Takes ~20 ms on KVM that emulates CPL0 (plus ~0.2 s the first time, loading JNA).
 */
public final class KvmProbe {

    /** The only API version Linux has had since 2.6.22. */
    static final int EXPECTED_API_VERSION = 12;

    /**
     * CPL0 slower than CPL3 by more than this factor means KVM emulates CPL0. Hardware
     * virtualization runs both natively (ratio ~1); PVM emulates CPL0 at ~2·10^6
     * instructions/s against ~4·10^9 natively at CPL3 (ratio ~2000 measured). 10 sits far from
     * both and leaves room for noise on a busy host.
     */
    static final double EMULATED_CPL0_SLOWDOWN = 10;

    private KvmProbe() {
    }

    /**
     * Probes {@code device}. Never throws: a missing or unopenable device, or a failing
     * measurement, ends up in {@link KvmReport#problem()}.
     */
    public static KvmReport probe(Path device) {
        String name = device.toString();
        if (!Files.exists(device)) {
            return new KvmReport(name, false, false, -1, null, null, null, name + " does not exist");
        }
        Kvm kvm;
        try {
            kvm = Kvm.open(device);
        } catch (RuntimeException | LinkageError e) {
            return new KvmReport(name, true, false, -1, null, null, null, describe(e));
        }
        try (kvm) {
            return measure(name, kvm);
        } catch (RuntimeException | LinkageError e) {
            return new KvmReport(name, true, true, -1, null, null, null, describe(e));
        }
    }

    private static KvmReport measure(String name, Kvm kvm) {
        int apiVersion = kvm.apiVersion();
        if (apiVersion != EXPECTED_API_VERSION) {
            return new KvmReport(name, true, true, apiVersion, null, null, null,
                    "KVM API version " + apiVersion + ", expected " + EXPECTED_API_VERSION);
        }
        try (CplMeasurement measurement = CplMeasurement.start(kvm)) {
            CplRate cpl0 = measurement.measure(Cpl.CPL0);
            CplRate cpl3 = measurement.measure(Cpl.CPL3);
            return new KvmReport(name, true, true, apiVersion, cpl0, cpl3, flavor(cpl0, cpl3), null);
        } catch (CplMeasurement.GuestMisbehaved | RuntimeException e) {
            return new KvmReport(name, true, true, apiVersion, null, null, null,
                    "measuring guest code failed: " + describe(e));
        }
    }

    static KvmFlavor flavor(CplRate cpl0, CplRate cpl3) {
        boolean emulated = cpl3.instructionsPerSecond() > EMULATED_CPL0_SLOWDOWN * cpl0.instructionsPerSecond();
        return emulated ? KvmFlavor.EMULATED_CPL0 : KvmFlavor.HARDWARE;
    }

    /** Our own exceptions say what failed in their message; anything else needs its type too. */
    private static String describe(Throwable e) {
        boolean ours = e instanceof KvmException || e instanceof CplMeasurement.GuestMisbehaved;
        return ours ? e.getMessage() : e.toString();
    }
}
