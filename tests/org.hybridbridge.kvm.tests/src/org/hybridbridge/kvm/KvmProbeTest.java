package org.hybridbridge.kvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

class KvmProbeTest {

    @Test
    void missingDeviceIsAProblemNotAnException() {
        KvmReport report = KvmProbe.probe(Path.of("/nonexistent/kvm"));

        assertFalse(report.present());
        assertFalse(report.openable());
        assertEquals(-1, report.apiVersion());
        assertNull(report.cpl0());
        assertNull(report.flavor());
        assertNotNull(report.problem());
        assertFalse(report.problem().contains("\n"), "one line");
    }

    @Test
    void deviceThatIsNotKvmIsAProblemNotAnException() {
        KvmReport report = KvmProbe.probe(Path.of("/dev/null"));

        assertTrue(report.present());
        assertNull(report.cpl0());
        assertNotNull(report.problem());
    }

    @Test
    void measuresBothPrivilegeLevels() {
        KvmAssumptions.assumeKvm();

        KvmReport report = KvmProbe.probe(Kvm.DEFAULT_DEVICE);

        assertNull(report.problem());
        assertTrue(report.present());
        assertTrue(report.openable());
        assertEquals(12, report.apiVersion());
        assertEquals(0, report.cpl0().cpl());
        assertEquals(3, report.cpl3().cpl());
        assertTrue(report.cpl0().instructionsPerSecond() > 0);
        assertTrue(report.cpl3().instructionsPerSecond() > 0);
        assertTrue(report.cpl0().instructions() >= 2 * CplMeasurement.FIRST_COUNT, "a few thousand at least");
        assertNotNull(report.flavor());
    }

    @Test
    void pvmEmulatesCpl0() {
        KvmAssumptions.assumePvm();

        assertEquals(KvmFlavor.EMULATED_CPL0, KvmProbe.probe(Kvm.DEFAULT_DEVICE).flavor());
    }

    @Test
    void flavorThresholdIsTenfold() {
        CplRate cpl3 = new CplRate(3, 1_000_000, 1_000_000); // 10^9 instructions/s

        assertEquals(KvmFlavor.EMULATED_CPL0, KvmProbe.flavor(new CplRate(0, 1_000, 11_000), cpl3));
        assertEquals(KvmFlavor.HARDWARE, KvmProbe.flavor(new CplRate(0, 1_000, 9_000), cpl3));
        assertEquals(KvmFlavor.HARDWARE, KvmProbe.flavor(new CplRate(0, 1_000_000, 1_000_000), cpl3));
    }
}
