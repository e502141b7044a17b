package org.hybridbridge.core.environment;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.hybridbridge.testing.Requirements;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/** A missing piece of the machine skips a test, or fails it where every piece is required (CI). */
class RequirementsTest {

    private final String given = System.getProperty(Requirements.REQUIRE_ALL);

    @AfterEach
    void restoreTheProperty() {
        if (given == null) {
            System.clearProperty(Requirements.REQUIRE_ALL);
        } else {
            System.setProperty(Requirements.REQUIRE_ALL, given);
        }
    }

    @Test
    void aMissingPieceSkipsTheTestSayingWhy() {
        System.setProperty(Requirements.REQUIRE_ALL, "false");

        TestAbortedException skipped = assertThrows(TestAbortedException.class,
                () -> Requirements.require(false, "no QEMU"));
        assertEquals("no QEMU", skipped.getMessage());
    }

    @Test
    void aMissingPieceFailsTheTestWhereEveryPieceIsRequired() {
        System.setProperty(Requirements.REQUIRE_ALL, "true");

        AssertionFailedError failed = assertThrows(AssertionFailedError.class,
                () -> Requirements.require(false, () -> "no QEMU"));
        assertEquals("no QEMU (hybridbridge.requireAll=true: this machine must have it)", failed.getMessage());
    }

    @Test
    void aPresentPieceLetsTheTestRun() {
        System.setProperty(Requirements.REQUIRE_ALL, "true");

        assertDoesNotThrow(() -> Requirements.require(true, "no QEMU"));
    }
}
