package org.hybridbridge.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.hybridbridge.core.run.RunFigures;
import org.hybridbridge.core.run.UtilityRunner;
import org.hybridbridge.model.RunVerdict;
import org.hybridbridge.model.UtilityRun;
import org.hybridbridge.qemu.GuestImages;
import org.hybridbridge.qemu.GuestKind;
import org.hybridbridge.qemu.QemuInstallation;
import org.hybridbridge.testing.Requirements;
import org.junit.jupiter.api.Test;

/**
 * {@code hb bench slow --csv} and {@code hb demo} on the real demo GVM (the cache's snapshots): the
 * CSV has the table's figures and the runs join the history the Runs view lists.
 */
class BenchCommandTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int hb(String... args) {
        out.reset();
        err.reset();
        return Hb.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String stdout() {
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void benchSlowCsvPrintsTheRunsTheHistoryKeeps() {
        requireGuests();
        int before = UtilityRunner.defaultHistory().read().getRuns().size();

        assertEquals(0, hb("bench", "slow", "--utilities", "getpid,no-such-utility", "--csv"),
                err.toString(StandardCharsets.UTF_8));

        List<String> lines = stdout().lines().toList();
        assertEquals(3, lines.size(), stdout());
        assertEquals(String.join(",", RunFigures.COLUMNS), lines.get(0));
        List<UtilityRun> runs = UtilityRunner.defaultHistory().read().getRuns();
        assertEquals(before + 2, runs.size(), "both rows joined the history");
        UtilityRun getpid = runs.get(runs.size() - 2);
        assertEquals(RunVerdict.MATCHES, getpid.getVerdict());
        String[] row = lines.get(1).split(",", -1);
        assertEquals(RunFigures.COLUMNS.size(), row.length, lines.get(1));
        assertEquals(List.of("getpid", "slow", "gvm", "MATCHES", "0"), List.of(row).subList(0, 5));
        assertEquals(Long.toString(getpid.getKernelInstructions()), row[RunFigures.COLUMNS.indexOf("kernelInstructions")]);
        assertTrue(getpid.getKernelInstructions() > 100_000, "getpid's process start-up and exit in the kernel");
        assertEquals(List.of("0", "0", "0", ""), List.of(row).subList(RunFigures.COLUMNS.indexOf("fallbacks"),
                RunFigures.COLUMNS.indexOf("exitsByCause") + 1), "Slow-Bridge takes no fallback and no VM exit");
        assertTrue(lines.get(2).startsWith("no-such-utility,slow,gvm,NOT_RUN,"), lines.get(2));
        assertEquals(RunVerdict.NOT_RUN, runs.get(runs.size() - 1).getVerdict());
    }

    @Test
    void demoRunsJoinTheHistoryWithTheirThreeAnswers() {
        requireGuests();
        int before = UtilityRunner.defaultHistory().read().getRuns().size();

        assertEquals(0, hb("demo", "--utilities", "hostname"), err.toString(StandardCharsets.UTF_8));

        List<UtilityRun> runs = UtilityRunner.defaultHistory().read().getRuns();
        assertEquals(before + 1, runs.size());
        UtilityRun hostname = runs.get(runs.size() - 1);
        assertEquals("svm\n", hostname.getSvmAnswer(), "the SVM's own hostname");
        assertEquals(hostname.getGroundTruth(), hostname.getBridgedAnswer(), "the GVM's, through the bridge");
        assertEquals(RunVerdict.MATCHES, hostname.getVerdict());
        assertTrue(stdout().contains(hostname.getBridgedAnswer().strip()), stdout());
    }

    private static void requireGuests() {
        GuestImages images = GuestImages.inDefaultCache();
        Requirements.require(images.isPresent(GuestKind.SVM) && images.isPresent(GuestKind.GVM),
                () -> "no SVM and demo GVM images in " + images.imageDirectory() + ": run hb guest build");
        QemuInstallation qemu = QemuInstallation.find();
        Requirements.require(qemu.isUsable(), () -> "no QEMU to take the snapshots: " + qemu.problem());
    }
}
