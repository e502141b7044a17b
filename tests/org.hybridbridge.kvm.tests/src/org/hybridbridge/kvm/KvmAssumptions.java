package org.hybridbridge.kvm;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.hybridbridge.testing.Requirements;

/**
 * Skips, with the reason shown, tests that need a usable KVM ({@link Requirements#requireKvm}) or a
 * particular kind of it (a plain skip: hardware KVM is no less).
 */
final class KvmAssumptions {

    private KvmAssumptions() {
    }

    static void assumeKvm() {
        Requirements.requireKvm();
    }

    static void assumePvm() {
        assumeKvm();
        assumeTrue(Files.isDirectory(Path.of("/sys/module/kvm_pvm")),
                "needs KVM to be PVM (module kvm_pvm loaded), where CPL0 is emulated");
    }
}
