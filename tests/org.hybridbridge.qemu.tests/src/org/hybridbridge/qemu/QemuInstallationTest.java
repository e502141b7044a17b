package org.hybridbridge.qemu;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.hybridbridge.testing.Requirements;
import org.junit.jupiter.api.Test;

class QemuInstallationTest {

    @Test
    void installedQemuReportsItsVersion() {
        QemuInstallation qemu = QemuInstallation.find();
        Requirements.require(qemu.isUsable(), () -> "no QEMU: " + qemu.problem());

        assertTrue(qemu.version().startsWith("QEMU emulator version "), qemu.version());
        assertTrue(qemu.executable().endsWith(QemuInstallation.PROGRAM));
    }

    @Test
    void aMissingProgramIsAnAbsentResultWithAReason() {
        assertTrue(QemuInstallation.onPath("no-such-qemu-system-x86_64").isEmpty());
    }
}
