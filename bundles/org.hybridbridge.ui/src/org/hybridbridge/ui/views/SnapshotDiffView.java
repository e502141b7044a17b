package org.hybridbridge.ui.views;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.jface.viewers.ArrayContentProvider;
import org.eclipse.jface.viewers.TableViewer;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.SashForm;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.FileDialog;
import org.eclipse.swt.widgets.Group;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Text;
import org.eclipse.ui.part.ViewPart;
import org.hybridbridge.core.diff.SnapshotDiffer;
import org.hybridbridge.core.run.ControlCharacters;
import org.hybridbridge.core.run.UtilityRunner;
import org.hybridbridge.model.GlobalChange;
import org.hybridbridge.model.RegionCount;
import org.hybridbridge.model.RowDiff;
import org.hybridbridge.model.SnapshotDiff;
import org.hybridbridge.model.store.ModelStore;
import org.hybridbridge.progress.CancelledException;
import org.hybridbridge.progress.ProgressListener;
import org.hybridbridge.ui.MonitorProgress;

/**
 * Two snapshots of guests of one kernel build compared as {@code hb diff} compares them (one
 * {@link SnapshotDiffer}): pages that differ by region, the kernel variables that differ, and the
 * rows of the utilities' answers through Hybrid-Bridge that differ, a process started, a module
 * loaded, a socket opened, coloured by change.
 */
public final class SnapshotDiffView extends ViewPart {

    public static final String ID = "org.hybridbridge.ui.views.snapshotDiff";

    /** A row of the objects table: a utility's row that changed. */
    public record ObjectRow(String utility, RowDiff change) {
    }

    private Display display;
    private Text fileA;
    private Text fileB;
    private Button pagesOnly;
    private Label summary;
    private TableViewer regions;
    private TableViewer variables;
    private TableViewer objects;
    private SnapshotDiff diff;

    @Override
    public void createPartControl(Composite parent) {
        display = parent.getDisplay();
        parent.setLayout(new GridLayout(1, false));
        Composite form = new Composite(parent, SWT.NONE);
        form.setLayout(new GridLayout(10, false));
        form.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        fileA = fileField(form, "A");
        fileB = fileField(form, "B");
        pagesOnly = new Button(form, SWT.CHECK);
        pagesOnly.setText("Pages and variables only");
        Button compare = new Button(form, SWT.PUSH);
        compare.setText("Compare");
        compare.addListener(SWT.Selection, event -> compare());
        Button open = new Button(form, SWT.PUSH);
        open.setText("Open...");
        open.addListener(SWT.Selection, event -> open());
        Button save = new Button(form, SWT.PUSH);
        save.setText("Save...");
        save.addListener(SWT.Selection, event -> save());
        summary = new Label(parent, SWT.WRAP);
        summary.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));

        SashForm sash = new SashForm(parent, SWT.HORIZONTAL);
        sash.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
        SashForm left = new SashForm(sash, SWT.VERTICAL);
        regions = TextColumns.titledTable(left, "Pages by region (A's layout)");
        TextColumns.<RegionCount>add(regions, "Region", 300, count -> count.getRegion().getLiteral());
        TextColumns.<RegionCount>add(regions, "Differ", 90, count -> String.format("%,d", count.getDiffering()));
        TextColumns.<RegionCount>add(regions, "Compared", 90, count -> String.format("%,d", count.getCompared()));
        variables = TextColumns.titledTable(left, "Kernel variables that differ");
        TextColumns.<GlobalChange>add(variables, "Address", 140,
                global -> String.format("0x%x", global.getAddress()));
        TextColumns.<GlobalChange>add(variables, "Symbol", 220, GlobalChange::getSymbol);
        TextColumns.<GlobalChange>add(variables, "Bytes differing", 110,
                global -> String.format("%,d of %,d", global.getDifferingBytes(), global.getSize()));
        objects = TextColumns.titledTable(sash, "Objects, through Hybrid-Bridge");
        TextColumns.<ObjectRow>add(objects, "Utility", 90, ObjectRow::utility);
        TextColumns.<ObjectRow>add(objects, "Change", 80, row -> row.change().getChange().getName());
        TextColumns.<ObjectRow>add(objects, "Object", 160, row -> ControlCharacters.escaped(row.change().getKey()));
        TextColumns.<ObjectRow>add(objects, "In A", 320, row -> shown(row.change().getInA()));
        TextColumns.<ObjectRow>add(objects, "In B", 320, row -> shown(row.change().getInB()));
        sash.setWeights(2, 3);
    }

    private static Text fileField(Composite form, String name) {
        new Label(form, SWT.NONE).setText(name);
        Text file = new Text(form, SWT.BORDER | SWT.SINGLE);
        file.setMessage("snapshot " + name + " (.hbsnap)");
        file.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        Button browse = new Button(form, SWT.PUSH);
        browse.setText("Browse...");
        browse.addListener(SWT.Selection, event -> {
            FileDialog dialog = new FileDialog(form.getShell(), SWT.OPEN);
            dialog.setFilterExtensions(new String[] { "*.hbsnap" });
            String chosen = dialog.open();
            if (chosen != null) {
                file.setText(chosen);
            }
        });
        return file;
    }

    private static String shown(String row) {
        return row == null ? "" : ControlCharacters.escaped(row.strip());
    }

    /** Compares the two snapshots chosen in a Job, with progress and cancel; the result replaces the last. */
    public Job compare() {
        Path a = Path.of(fileA.getText().strip());
        Path b = Path.of(fileB.getText().strip());
        boolean withObjects = !pagesOnly.getSelection();
        Job job = Job.create("Comparing " + a.getFileName() + " and " + b.getFileName(), monitor -> {
            ProgressListener progress = new MonitorProgress(monitor);
            try {
                UtilityRunner runner = UtilityRunner.inDefaultCache(progress);
                SnapshotDiff result = new SnapshotDiffer(runner.profile()).diff(a, b, withObjects ? runner : null,
                        progress);
                display.asyncExec(() -> show(result));
                return Status.OK_STATUS;
            } catch (CancelledException e) {
                return Status.CANCEL_STATUS;
            } catch (RuntimeException e) { // not a snapshot, another kernel, ...
                return Status.error("Cannot compare " + a + " and " + b + ": " + e.getMessage(), e);
            }
        });
        job.setUser(true);
        job.schedule();
        return job;
    }

    private void show(SnapshotDiff result) {
        if (regions.getControl().isDisposed()) {
            return;
        }
        diff = result;
        regions.setInput(result.getPages());
        variables.setInput(result.getGlobals());
        List<ObjectRow> rows = new ArrayList<>();
        result.getObjects().forEach(utility -> utility.getRows().forEach(row -> rows.add(new ObjectRow(
                utility.getCommandLine(), row))));
        objects.setInput(rows);
        for (int i = 0; i < rows.size(); i++) {
            objects.getTable().getItem(i).setBackground(display.getSystemColor(switch (rows.get(i).change()
                    .getChange()) {
                case ADDED -> SWT.COLOR_GREEN;
                case REMOVED -> SWT.COLOR_RED;
                case CHANGED -> SWT.COLOR_YELLOW;
            }));
        }
        long notCompared = result.getObjects().stream().filter(utility -> utility.getError() != null).count();
        summary.setText(String.format("%s against %s: %,d pages and %,d kernel variables differ; %,d rows of %d "
                + "utilities%s.", Path.of(result.getA()).getFileName(), Path.of(result.getB()).getFileName(),
                SnapshotDiffer.differingPages(result), result.getGlobals().size(), rows.size(),
                result.getObjects().size(), notCompared == 0 ? "" : " (" + notCompared + " could not be compared)"));
        summary.getParent().layout();
    }

    /** Shows a comparison saved before (by this view or {@code hb diff --save}). */
    private void open() {
        SnapshotDiff saved = ModelFiles.open(fileA.getShell(), "hbdiff", SnapshotDiff.class, summary::setText);
        if (saved != null) {
            show(saved);
        }
    }

    /** Saves the comparison shown as a file of the model, which {@code hb diff FILE} prints. */
    private void save() {
        if (diff != null) {
            ModelFiles.save(fileA.getShell(), "hbdiff", diff, summary::setText);
        }
    }

    /** Sets the two snapshots and whether to run the utilities, for tests. */
    public void setSnapshots(Path a, Path b, boolean withObjects) {
        fileA.setText(a.toString());
        fileB.setText(b.toString());
        pagesOnly.setSelection(!withObjects);
    }

    /** The last comparison shown, or {@code null}, for tests. */
    public SnapshotDiff getDiff() {
        return diff;
    }

    /** The objects table's rows as shown, for tests. */
    public List<ObjectRow> getObjectRows() {
        @SuppressWarnings("unchecked")
        List<ObjectRow> rows = (List<ObjectRow>) objects.getInput();
        return rows == null ? List.of() : List.copyOf(rows);
    }

    @Override
    public void setFocus() {
        fileA.setFocus();
    }
}
