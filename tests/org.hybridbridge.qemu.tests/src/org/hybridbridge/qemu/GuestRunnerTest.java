package org.hybridbridge.qemu;

import org.hybridbridge.progress.ProgressListener;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GuestRunnerTest {

    @Test
    void gvmProcessListHasTheBackdoorAndTheSvmsHasNot() {
        TestGuests.require(GuestKind.GVM);
        TestGuests.require(GuestKind.SVM);
        GuestImages images = GuestImages.inDefaultCache();

        CommandResult gvm = GuestRunner.run(images, GuestKind.GVM, List.of("ps"), MachineOptions.defaults(),
                ProgressListener.NONE);
        CommandResult svm = GuestRunner.run(images, GuestKind.SVM, List.of("ps"), MachineOptions.defaults(),
                ProgressListener.NONE);

        assertTrue(gvm.output().contains("sshd-backdoor"), gvm.output());
        assertFalse(svm.output().contains("sshd-backdoor"), svm.output());
    }

    @Test
    void wordsAreJoinedWithBlanksAndWordsHoldingBlanksAreRefused() {
        assertEquals("cat /proc/version", GuestRunner.commandLine(List.of("cat", "/proc/version")));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> GuestRunner.commandLine(List.of("sh", "-c", "kill -9 $$")));
        assertTrue(e.getMessage().contains("'kill -9 $$'"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> GuestRunner.commandLine(List.of()));
    }

    @Test
    void unknownGuestNamesAreOneLineErrors() {
        assertEquals(GuestKind.GVM, GuestKind.parse("GVM"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GuestKind.parse("vm"));
        assertEquals("unknown guest 'vm': expected one of svm, gvm, gvm-busy, gvm-debian, gvm-net", e.getMessage());
    }

    @Test
    void missingImagesSayHowToBuildThem(@TempDir Path empty) {
        GuestException e = assertThrows(GuestException.class, () -> GuestRunner.run(new GuestImages(empty),
                GuestKind.GVM, List.of("ps"), MachineOptions.defaults(), ProgressListener.NONE));
        assertTrue(e.getMessage().endsWith("run hb guest build"), e.getMessage());
    }
}
