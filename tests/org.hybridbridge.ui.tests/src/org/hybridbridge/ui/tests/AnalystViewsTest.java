package org.hybridbridge.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.jface.viewers.StructuredSelection;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.graphics.ImageLoader;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableColumn;
import org.eclipse.swt.widgets.TableItem;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.PlatformUI;
import org.hybridbridge.core.metadata.MetadataExport;
import org.hybridbridge.core.metadata.MetadataFilter;
import org.hybridbridge.core.metadata.MetadataQuery;
import org.hybridbridge.core.metadata.StoreBenchmark;
import org.hybridbridge.core.run.BridgeEngine;
import org.hybridbridge.core.run.UtilityRunner;
import org.hybridbridge.core.trace.TaintTableRows;
import org.hybridbridge.fast.codepage.CodeLine;
import org.hybridbridge.model.PageRegion;
import org.hybridbridge.model.RowChange;
import org.hybridbridge.model.RunVerdict;
import org.hybridbridge.model.SnapshotDiff;
import org.hybridbridge.model.UtilityRun;
import org.hybridbridge.model.Walkthrough;
import org.hybridbridge.progress.ProgressListener;
import org.hybridbridge.qemu.GuestImages;
import org.hybridbridge.qemu.GuestKind;
import org.hybridbridge.qemu.QemuInstallation;
import org.hybridbridge.qemu.SnapshotFile;
import org.hybridbridge.taint.metadata.AccessClass;
import org.hybridbridge.taint.metadata.InstructionRecord;
import org.hybridbridge.taint.syscall.SyscallTable;
import org.hybridbridge.testing.Requirements;
import org.hybridbridge.ui.views.CodePagesView;
import org.hybridbridge.ui.views.ExitsView;
import org.hybridbridge.ui.views.KernelView;
import org.hybridbridge.ui.views.RunsView;
import org.hybridbridge.ui.views.SnapshotDiffView;
import org.hybridbridge.ui.views.TaintTableView;
import org.hybridbridge.ui.views.WalkthroughView;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The analyst's views on real data: the kernel profile, a getpid run through the Runs view
 * against the demo GVM (snapshots from the cache, taken under QEMU on first use), the
 * Taint table that run fed, filtered as {@code hb metadata} filters, and the Code pages view
 * following the Taint table's selection.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AnalystViewsTest {

    private static IWorkbenchPage page;

    @BeforeAll
    static void guests() {
        GuestImages images = GuestImages.inDefaultCache();
        Requirements.require(images.isPresent(GuestKind.SVM) && images.isPresent(GuestKind.GVM),
                () -> "no guest images in " + images.imageDirectory() + ": run hb guest build");
        QemuInstallation qemu = QemuInstallation.find();
        Requirements.require(qemu.isUsable(), () -> "no QEMU to take the snapshots: " + qemu.problem());
        page = PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage();
    }

    @Test
    @Order(1)
    void kernelViewListsTheSymbolsAndTheSyscallTable() throws Exception {
        KernelView view = (KernelView) page.showView(KernelView.ID);
        finish(view.getLoadJob());
        assertEquals(SyscallTable.defaults().syscalls().size(), view.getSyscalls().getTable().getItemCount(),
                "every row of the shipped syscall table");
        int all = view.getSymbols().getTable().getItemCount();
        assertTrue(all > 10_000, "kallsyms: " + all);
    }

    @Test
    @Order(2)
    void getpidThroughTheRunsViewAnswersTheGvmsPid() throws Exception {
        RunsView view = (RunsView) page.showView(RunsView.ID);
        int before = view.getRuns().size(); // the history in the cache: earlier runs, hb's among them
        view.setCommand("getpid");
        finish(view.run());

        List<UtilityRun> runs = view.getRuns(); // read back from the history file
        assertEquals(before + 1, runs.size(), "the run joined the history");
        UtilityRun run = runs.get(runs.size() - 1);
        assertEquals("getpid", run.getCommandLine());
        assertEquals(List.of(), run.getWarnings());
        // The oracle, read here from the GVM snapshot's manifest: the pid of the process frozen in it
        String gvmPid = Integer.toString(markerPid());
        List<String> answers = view.getAnswers();
        assertEquals(gvmPid, answers.get(1).strip(), "through Hybrid-Bridge: the GVM's pid");
        assertEquals(gvmPid, answers.get(2).strip(), "the GVM's own answer");
        assertFalse(answers.get(0).isBlank(), "the SVM's own answer is shown");
        assertNotEquals(gvmPid, answers.get(0).strip(), "the SVM alone answers its own pid: the semantic gap");
        assertEquals(RunVerdict.MATCHES, run.getVerdict());
        assertEquals(gvmPid, run.getGroundTruth());
        assertEquals("gvm", run.getGvm().getKind());
        assertEquals("svm", run.getSvm().getKind());
    }

    @Test
    @Order(3)
    void taintTableFilteredByClassRShowsWhatHbMetadataCounts() throws Exception {
        TaintTableView view = (TaintTableView) page.showView(TaintTableView.ID);
        view.reload();
        finish(view.getLoadJob());
        view.setFilter("R", null, null, null);
        int shown = view.getViewer().getTable().getItemCount();

        // hb metadata --class R --count, the same core query over the same store
        MetadataQuery query = MetadataQuery.of(UtilityRunner.inDefaultCache(ProgressListener.NONE).profile());
        int expected = query.select(new MetadataFilter(AccessClass.R, null, null, null)).size();
        assertTrue(expected > 0, "the getpid run taught R instructions");
        assertEquals(expected, shown);
        assertTrue(shown < query.all().size(), "the filter left NR records out");
    }

    @Test
    @Order(4)
    void taintTableSortsByExecutionsAndExportsWhatHbMetadataExportWrites(@TempDir Path directory) throws Exception {
        TaintTableView view = (TaintTableView) page.showView(TaintTableView.ID);
        view.reload();
        finish(view.getLoadJob());
        view.setFilter(null, null, null, null);
        Table table = view.getViewer().getTable();
        TableColumn executions = table.getColumn(MetadataExport.COLUMNS.indexOf("executions"));
        executions.notifyListeners(SWT.Selection, new Event());
        int last = table.getItemCount() - 1;
        long first = Long.parseLong(table.getItem(0).getText(5));
        assertTrue(first <= Long.parseLong(table.getItem(last).getText(5)), "ascending by executions");

        // the address order again, then the export equals hb metadata export --csv over the same store
        table.getColumn(0).notifyListeners(SWT.Selection, new Event());
        Path exported = directory.resolve("table.csv");
        finish(view.exportCsv(exported));
        StringWriter expected = new StringWriter();
        MetadataExport.csv(MetadataQuery.of(UtilityRunner.inDefaultCache(ProgressListener.NONE).profile()).all(),
                expected, ProgressListener.NONE);
        assertEquals(expected.toString(), Files.readString(exported));
    }

    @Test
    @Order(5)
    void theNrCopyOfTheCodePageHoldsInt3WhereTheTaintTablesGetpidLoadOfCurrentTaskIs() throws Exception {
        CodePagesView codePages = (CodePagesView) page.showView(CodePagesView.ID);
        TaintTableView taintTable = (TaintTableView) page.showView(TaintTableView.ID);
        taintTable.reload();
        finish(taintTable.getLoadJob());
        taintTable.setFilter("R", null, "getpid", "^__do_sys_getpid\\+");
        Table rows = taintTable.getViewer().getTable();
        InstructionRecord load = null;
        for (int i = 0; i < rows.getItemCount(); i++) {
            rows.getItem(i).getText(0); // a virtual table makes an item's data when it is first read
            InstructionRecord record = (InstructionRecord) rows.getItem(i).getData();
            if (record.text().matches("mov\\s+%gs:.*") && List.of("current_task+0x0").equals(record.taintSources())) {
                load = record;
            }
        }
        assertNotNull(load, "the getpid run of order 2 recorded __do_sys_getpid's load of current_task");

        taintTable.getViewer().setSelection(new StructuredSelection(load), true);
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (codePages.getLoadJob() == null && System.nanoTime() < deadline) {
            Display.getCurrent().readAndDispatch();
        }
        assertNotNull(codePages.getLoadJob(), "the Code pages view follows the Taint table's selection");
        finish(codePages.getLoadJob());

        Table lines = codePages.getViewer().getTable();
        TableItem shown = lines.getSelection()[0];
        CodeLine line = (CodeLine) shown.getData();
        assertEquals(load.address(), line.address(), "the selected instruction is shown and selected");
        assertEquals(load.text(), shown.getText(4), "original");
        assertEquals(CodeLine.PATCH, shown.getText(5), "the NR copy holds int3 there");
        assertNotNull(shown.getBackground(5), "highlighted");
        assertEquals(load.text(), shown.getText(6), "the R copy runs it as it is");
        assertEquals("R", shown.getText(2));
    }

    @Test
    @Order(6)
    void snapshotDiffOfTheDemoAndTheBusyGuestListsTheBusyOnesModulesAndServers() throws Exception {
        UtilityRunner runner = UtilityRunner.inDefaultCache(ProgressListener.NONE);
        Requirements.require(GuestImages.inDefaultCache().isPresent(GuestKind.GVM_BUSY),
                () -> "no gvm-busy image: run hb guest build");
        SnapshotDiffView view = (SnapshotDiffView) page.showView(SnapshotDiffView.ID);
        view.setSnapshots(runner.gvm(GuestKind.GVM, ProgressListener.NONE),
                runner.gvm(GuestKind.GVM_BUSY, ProgressListener.NONE), true);
        finish(view.compare());

        List<SnapshotDiffView.ObjectRow> rows = view.getObjectRows();
        List<String> addedModules = rows.stream().filter(row -> row.utility().equals("lsmod")
                && row.change().getChange() == RowChange.ADDED).map(row -> row.change().getKey()).toList();
        assertTrue(addedModules.containsAll(List.of("ifb", "veth", "nlmon", "tcp_bic")), "lsmod: " + addedModules);
        assertTrue(rows.stream().anyMatch(row -> row.utility().equals("ps") && row.change().getInB() != null
                && row.change().getInB().strip().endsWith(" postgres")), "ps: a server of the busy guest");
        // The view shows the one comparison's rows, every utility compared
        SnapshotDiff diff = view.getDiff();
        assertEquals(diff.getObjects().stream().mapToInt(utility -> utility.getRows().size()).sum(), rows.size());
        diff.getObjects().forEach(utility -> assertEquals(null, utility.getError(), utility.getCommandLine()));
        assertTrue(diff.getPages().stream().anyMatch(count -> count.getRegion() == PageRegion.ONLY_IN_B),
                "2 GiB against 256 MiB");
    }

    @Test
    @Order(7)
    void getpidOnTheSoftwareFastPathAnswersTheGvmsPidToo() throws Exception {
        RunsView view = (RunsView) page.showView(RunsView.ID);
        view.setCommand("getpid");
        view.setEngine(BridgeEngine.memo);
        finish(view.run());

        List<UtilityRun> runs = view.getRuns();
        UtilityRun run = runs.get(runs.size() - 1);
        assertEquals(BridgeEngine.memo.name(), run.getEngine());
        assertEquals(Integer.toString(markerPid()), view.getAnswers().get(1).strip(), "through the meta-data");
        assertEquals(RunVerdict.MATCHES, run.getVerdict());
    }

    @Test
    @Order(8)
    void walkthroughOfGetpidReachesTheCurrentTaskLoadTaintedAndServedByTheGvm(@TempDir Path directory)
            throws Exception {
        WalkthroughView view = (WalkthroughView) page.showView(WalkthroughView.ID);
        finish(view.record());
        Walkthrough walkthrough = view.getWalkthrough();
        assertEquals("getpid", walkthrough.getSyscall());
        assertEquals(0, view.getCurrent());

        // Step on, as a teacher would, to the load of current_task in __do_sys_getpid
        while (!walkthrough.getSteps().get(view.getCurrent()).getSymbol().startsWith("__do_sys_getpid")
                || !walkthrough.getSteps().get(view.getCurrent()).getText().startsWith("mov    %gs:")) {
            int before = view.getCurrent();
            view.show(before + 1);
            assertEquals(before + 1, view.getCurrent(), "ran off the end without the current_task load");
        }
        String details = view.getDetails();
        assertTrue(details.contains("Operands' taint: current_task+0x0"), details);
        assertTrue(details.contains("from the GVM"), details);
        List<TaintTableRows.Row> rows = view.getTaintRows();
        TaintTableRows.Row last = rows.get(rows.size() - 1);
        assertEquals(walkthrough.getSteps().get(view.getCurrent()).getAddress(), last.address(),
                "the row of the step just taken is the newest");
        assertEquals(AccessClass.R, last.accessClass());
        assertEquals(List.of("current_task+0x0"), last.sources());

        // The Code pages view follows the step: that load, int3 in the NR copy
        CodePagesView codePages = (CodePagesView) page.showView(CodePagesView.ID, null,
                IWorkbenchPage.VIEW_VISIBLE);
        page.activate(view);
        view.show(view.getCurrent());
        while (Display.getCurrent().readAndDispatch()) {
            // deliver the selection
        }
        finish(codePages.getLoadJob());
        TableItem followed = codePages.getViewer().getTable().getSelection()[0];
        assertEquals(walkthrough.getSteps().get(view.getCurrent()).getAddress(),
                ((CodeLine) followed.getData()).address());
        assertEquals(CodeLine.PATCH, followed.getText(5), "the NR copy holds int3 there");

        List<Path> figures = view.exportFigures(directory);
        assertEquals(walkthrough.getSteps().size(), figures.size(), "a figure per step");
        ImageData first = new ImageLoader().load(figures.get(0).toString())[0];
        assertEquals(view.getFigureSize().x, first.width);
        assertEquals(view.getFigureSize().y, first.height);
    }

    /**
     * The Taint table at 100,000 records (the workbench's scale target): a virtual table holds them
     * all, sorts them and scrolls to the last; the times go to the test's output for the README.
     */
    @Test
    @Order(9)
    void taintTableHoldsSortsAndScrollsAHundredThousandRecords() throws Exception {
        TaintTableView view = (TaintTableView) page.showView(TaintTableView.ID);
        finish(view.getLoadJob());
        view.setFilter(null, null, null, null);
        MetadataQuery records = MetadataQuery.of(StoreBenchmark.synthetic(100_000));
        Display display = Display.getCurrent();
        Table table = view.getViewer().getTable();

        long start = System.nanoTime();
        view.setQuery(records);
        while (display.readAndDispatch()) {
            // paint the rows in sight
        }
        long opened = System.nanoTime();
        table.getColumn(MetadataExport.COLUMNS.indexOf("executions")).notifyListeners(SWT.Selection, new Event());
        while (display.readAndDispatch()) {
            // paint the rows in sight
        }
        long sorted = System.nanoTime();
        table.setTopIndex(table.getItemCount() - 1);
        while (display.readAndDispatch()) {
            // paint the last rows
        }
        long scrolled = System.nanoTime();

        assertEquals(100_000, table.getItemCount());
        long first = Long.parseLong(table.getItem(0).getText(5));
        long last = Long.parseLong(table.getItem(table.getItemCount() - 1).getText(5));
        assertTrue(first <= last, "ascending by executions: " + first + " .. " + last);
        System.out.printf("Taint table, 100,000 records: open %.0f ms, sort by executions %.0f ms, "
                + "scroll to the last %.0f ms%n", (opened - start) / 1e6, (sorted - opened) / 1e6,
                (scrolled - sorted) / 1e6);
        view.reload(); // the profile's store again for whatever follows
        finish(view.getLoadJob());
    }

    private static int markerPid() throws IOException {
        Path gvm = UtilityRunner.inDefaultCache(ProgressListener.NONE).gvm(GuestKind.GVM, ProgressListener.NONE);
        try (SnapshotFile file = SnapshotFile.open(gvm)) {
            return file.manifest().marker().pid();
        }
    }

    @Test
    @Order(10)
    void exitsChartHasABarPerUtilityMarksTheRunChosenAndExportsImagesOfTheStatedSize(@TempDir Path directory)
            throws Exception {
        RunsView runsView = (RunsView) page.showView(RunsView.ID);
        ExitsView view = (ExitsView) page.showView(ExitsView.ID);
        runsView.setCommand("getpid");
        runsView.setEngine(BridgeEngine.memo);
        finish(runsView.run()); // a second memoized getpid: the meta-data has learned what it needs

        List<UtilityRun> runs = runsView.getRuns();
        view.filterEngine("all");
        assertEquals(runs.stream().map(UtilityRun::getCommandLine).distinct().toList(), view.barUtilities(),
                "a bar per utility of the history");
        assertEquals("getpid", view.markedUtility(), "the run the Runs view chose is marked");
        view.filterEngine(BridgeEngine.memo.name());
        List<Integer> memoFallbacks = runs.stream()
                .filter(run -> run.getCommandLine().equals("getpid") && run.getEngine().equals("memo"))
                .map(UtilityRun::getFallbacks).toList();
        assertTrue(memoFallbacks.size() >= 2, memoFallbacks::toString);
        assertEquals(memoFallbacks, view.lineFallbacks(), "the line is each memoized getpid's fallbacks");
        assertEquals(0, memoFallbacks.get(memoFallbacks.size() - 1), "a second run takes no fallback");

        Path reference = Files.writeString(directory.resolve("paper.csv"), "utility,exits\ngetpid,66\nnot-run,9\n");
        view.loadReference(reference);
        assertEquals(Map.of("getpid", 66.0), view.referenceShown(), "a marker beside each bar the reference has");
        Path broken = Files.writeString(directory.resolve("broken.csv"), "utility,exits\ngetpid,many\n");
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> view.loadReference(broken));
        assertEquals(broken + ":2: not 'utility,exits': getpid,many", refused.getMessage());

        Path png = directory.resolve("exits.png");
        view.exportBars(png, 800, 500);
        ImageData image = new ImageLoader().load(png.toString())[0];
        assertEquals(800, image.width);
        assertEquals(500, image.height);
        Path svg = directory.resolve("exits.svg");
        view.exportBars(svg, 640, 480);
        String text = Files.readString(svg);
        // JFreeSVG writes <svg ... width='640.0' height='480.0'>, the title and legend as <text> (the
        // category labels as outlines: JFreeChart draws them through a TextLayout)
        assertTrue(Pattern.compile("<svg [^>]*width=['\"]640(\\.0)?['\"]").matcher(text).find()
                && text.contains(">Exits and fallbacks, newest run per utility</text>"),
                () -> "an SVG of the chart, 640 wide: " + text);
    }

    @AfterEach
    void screenshot(TestInfo test) throws Exception {
        Screenshots.take(page.getWorkbenchWindow().getShell(), test.getTestMethod().orElseThrow().getName());
    }

    /** Waits for {@code job}, then lets the UI thread apply what it posted. */
    private static void finish(Job job) throws InterruptedException {
        Display display = Display.getCurrent();
        while (job.getResult() == null) {
            if (!display.readAndDispatch()) {
                Thread.sleep(10);
            }
        }
        assertEquals(IStatus.OK, job.getResult().getSeverity(), job.getResult().toString());
        while (display.readAndDispatch()) {
            // drain the asyncExec that shows the result
        }
    }
}
