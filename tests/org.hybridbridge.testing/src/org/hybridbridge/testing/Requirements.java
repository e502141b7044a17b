package org.hybridbridge.testing;

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

    private Requirements() {
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
