package org.hybridbridge.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * What a test needs of the machine: KVM, QEMU, the guest images, gcc, objdump, Unicorn, the
 * host's tools. Where it is missing the test is skipped, saying why, so the suite runs on a
 * developer's laptop; with {@code -D}{@value #REQUIRE_ALL}{@code =true} (CI: {@code .ci/run})
 * a missing piece fails the test instead, so a machine that lost KVM or the images cannot pass
 * by skipping. The parent pom hands the property to every test runtime.
 */
public final class Requirements {

    public static final String REQUIRE_ALL = "hybridbridge.requireAll";

    /** The KVM device every KVM test opens. */
    public static final Path KVM_DEVICE = Path.of("/dev/kvm");

    private Requirements() {
    }

    /**
     * Skips the test unless this machine has KVM usable read-write. KVM belongs to the machine, not
     * to setup: where {@code /dev/kvm} does not exist at all (a kernel whose KVM does not bind, such
     * as kvm_pvm inside a PVM guest) no setup can add it, so the test is skipped even under
     * {@value #REQUIRE_ALL} and .ci/run says so; a device that exists but cannot be opened fails there.
     */
    public static void requireKvm() {
        Assumptions.assumeTrue(Files.exists(KVM_DEVICE), "no " + KVM_DEVICE + " on this machine: its kernel has no KVM");
        require(Files.isReadable(KVM_DEVICE) && Files.isWritable(KVM_DEVICE),
                () -> "needs read-write access to " + KVM_DEVICE + " (not in group kvm?)");
    }

    /** Skips the test (fails it under {@value #REQUIRE_ALL}) unless {@code present}. */
    public static void require(boolean present, String missing) {
        require(present, () -> missing);
    }

    /** Skips the test (fails it under {@value #REQUIRE_ALL}) unless {@code present}; {@code missing} says why. */
    public static void require(boolean present, Supplier<String> missing) {
        if (present) {
            return;
        }
        if (Boolean.getBoolean(REQUIRE_ALL)) {
            Assertions.fail(missing.get() + " (" + REQUIRE_ALL + "=true: this machine must have it)");
        }
        Assumptions.abort(missing.get());
    }
}
