package org.hybridbridge.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.hybridbridge.core.run.EngineComparison;
import org.hybridbridge.core.run.PaperBenchmark;
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

    /** Fast-Bridge redirects the demo: the run joins the history with its VM exits and answers as the GVM did. */
    @Test
    void demoOnFastBridgeAnswersAsTheGvmAndCountsItsExits() {
        requireGuests();

        assertEquals(0, hb("demo", "--engine", "fast", "--utilities", "hostname"), err.toString(StandardCharsets.UTF_8));

        List<UtilityRun> runs = UtilityRunner.defaultHistory().read().getRuns();
        UtilityRun hostname = runs.get(runs.size() - 1);
        assertEquals("fast", hostname.getEngine());
        assertEquals(RunVerdict.MATCHES, hostname.getVerdict());
        assertFalse(hostname.getExits().isEmpty(), "Fast-Bridge counts its exits by cause");
        assertTrue(stdout().contains("Fast-Bridge: "), stdout());
    }

    /** On the engine standing in for KVM (this machine may have no /dev/kvm): exits by cause add up to the exits. */
    @Test
    void benchFastCsvCountsTheExitsByCause() {
        requireGuests();

        assertEquals(0, hb("bench", "fast", "--no-redirect", "--cpu", "ENGINE", "--utilities", "getpid",
                "--repetitions", "1", "--csv"), err.toString(StandardCharsets.UTF_8));

        List<String> lines = stdout().lines().toList();
        assertEquals(List.of(String.join(",", EngineComparison.COLUMNS)), lines.subList(0, 1));
        List<String> row = csvCells(lines.get(1));
        assertEquals(EngineComparison.COLUMNS.size(), row.size(), lines.get(1));
        assertEquals(List.of("getpid", "true"), List.of(row.get(0), row.get(7)), "the same output in both engines");
        long exits = Long.parseLong(row.get(4));
        assertTrue(exits > 0, lines.get(1));
        long byCause = Arrays.stream(row.get(8).split(";"))
                .mapToLong(cause -> Long.parseLong(cause.substring(cause.lastIndexOf('=') + 1))).sum();
        assertEquals(exits, byCause, row.get(8));
    }

    /**
     * The paper's table for the engines that run here: the software fast path from an empty store
     * takes fallbacks and learns, trained it takes none, and every engine prints VMST mode's output.
     */
    @Test
    void benchWithoutAnEnginePrintsThePapersTableOfVmstAndTheSoftwareFastPath() {
        requireGuests();

        assertEquals(0, hb("bench", "--utilities", "uname", "--repetitions", "1", "--warm-up", "0", "--csv"),
                err.toString(StandardCharsets.UTF_8));

        List<String> lines = stdout().lines().toList();
        assertEquals(2, lines.size(), stdout());
        assertEquals(String.join(",", PaperBenchmark.COLUMNS), lines.get(0));
        List<String> row = List.of(lines.get(1).split(",", -1));
        assertEquals(PaperBenchmark.COLUMNS.size(), row.size(), lines.get(1));
        assertEquals("uname", row.get(0));
        assertTrue(Integer.parseInt(row.get(PaperBenchmark.COLUMNS.indexOf("memoFirstFallbacks"))) >= 1, lines.get(1));
        assertTrue(Integer.parseInt(row.get(PaperBenchmark.COLUMNS.indexOf("learned"))) > 10, lines.get(1));
        assertEquals("0", row.get(PaperBenchmark.COLUMNS.indexOf("memoTrainedFallbacks")), lines.get(1));
        assertEquals(List.of("true", ""), row.subList(row.size() - 2, row.size()), lines.get(1));
        Requirements.requireKvm(); // Fast-Bridge's columns are empty without it
        assertTrue(Integer.parseInt(row.get(PaperBenchmark.COLUMNS.indexOf("fastFirstFallbacks"))) >= 1, lines.get(1));
        assertEquals("0", row.get(PaperBenchmark.COLUMNS.indexOf("fastTrainedFallbacks")), lines.get(1));
        long exits = Long.parseLong(row.get(PaperBenchmark.COLUMNS.indexOf("exits")));
        long switches = Long.parseLong(row.get(PaperBenchmark.COLUMNS.indexOf("viewSwitchExits")));
        assertTrue(switches > 0 && switches < exits, lines.get(1));

        assertEquals(2, hb("bench", "--utilities", "uname", "--csv", "--json"));
        assertEquals("--csv and --json: choose one", err.toString(StandardCharsets.UTF_8).lines().findFirst()
                .orElseThrow());
    }

    /** Splits a CSV line as RFC 4180 quotes it (the exit causes hold commas). */
    private static List<String> csvCells(String line) {
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (c == ',' && !quoted) {
                cells.add(cell.toString());
                cell.setLength(0);
            } else {
                cell.append(c);
            }
        }
        cells.add(cell.toString());
        return cells;
    }

    private static void requireGuests() {
        GuestImages images = GuestImages.inDefaultCache();
        Requirements.require(images.isPresent(GuestKind.SVM) && images.isPresent(GuestKind.GVM),
                () -> "no SVM and demo GVM images in " + images.imageDirectory() + ": run hb guest build");
        QemuInstallation qemu = QemuInstallation.find();
        Requirements.require(qemu.isUsable(), () -> "no QEMU to take the snapshots: " + qemu.problem());
    }
}
