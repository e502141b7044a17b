package org.hybridbridge.ui.views;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.jface.viewers.ILazyContentProvider;
import org.eclipse.jface.viewers.TableViewer;
import org.eclipse.jface.viewers.TableViewerColumn;
import org.eclipse.jface.viewers.Viewer;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.FileDialog;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Text;
import org.eclipse.ui.part.ViewPart;
import org.hybridbridge.core.metadata.MetadataExport;
import org.hybridbridge.core.metadata.MetadataFilter;
import org.hybridbridge.core.metadata.MetadataQuery;
import org.hybridbridge.core.run.UtilityRunner;
import org.hybridbridge.progress.ProgressListener;
import org.hybridbridge.taint.metadata.AccessClass;
import org.hybridbridge.taint.metadata.InstructionRecord;
import org.hybridbridge.ui.MonitorProgress;

/**
 * Every meta-data record of the kernel profile in a virtual table (only the visible rows are
 * made), sorted by any column, filtered as {@code hb metadata} filters ({@link MetadataFilter}),
 * exported as CSV in a Job.
 */
public final class TaintTableView extends ViewPart {

    public static final String ID = "org.hybridbridge.ui.views.taintTable";
    private static final int CLASS_COLUMN = MetadataExport.COLUMNS.indexOf("class");

    private TableViewer viewer;
    private Display display;
    private Combo accessClass;
    private Text utility;
    private Text syscall;
    private Text pattern;
    private Label status;
    private MetadataQuery query = MetadataQuery.NONE;
    private List<InstructionRecord> rows = List.of();
    private Comparator<InstructionRecord> order = Comparator.comparing(InstructionRecord::address,
            Long::compareUnsigned);
    private Job loadJob;

    @Override
    public void createPartControl(Composite parent) {
        display = parent.getDisplay();
        parent.setLayout(new GridLayout(1, false));
        Composite filters = new Composite(parent, SWT.NONE);
        filters.setLayout(new GridLayout(11, false));
        new Label(filters, SWT.NONE).setText("Class");
        accessClass = new Combo(filters, SWT.READ_ONLY);
        accessClass.setItems("all", "R", "NR", "MIXED");
        accessClass.select(0);
        utility = field(filters, "Utility", 80);
        syscall = field(filters, "Syscall", 80);
        pattern = field(filters, "Regex", 160);
        button(filters, "Filter", this::applyFilter);
        button(filters, "Reload", this::reload);
        button(filters, "Export CSV...", this::exportCsv);
        status = new Label(parent, SWT.NONE);
        status.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));

        viewer = new TableViewer(parent, SWT.VIRTUAL | SWT.FULL_SELECTION | SWT.BORDER | SWT.V_SCROLL | SWT.H_SCROLL);
        viewer.getTable().setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
        viewer.getTable().setHeaderVisible(true);
        viewer.getTable().setLinesVisible(true);
        viewer.setUseHashlookup(true);
        viewer.setContentProvider(new LazyRows());
        int[] widths = { 150, 220, 140, 260, 60, 80, 140, 140, 180 };
        for (int i = 0; i < MetadataExport.COLUMNS.size(); i++) {
            int column = i;
            addColumn(MetadataExport.COLUMNS.get(i), widths[i], r -> MetadataExport.cells(r).get(column),
                    column == CLASS_COLUMN ? r -> ClassColours.of(r.accessClass()) : r -> null, comparator(column));
        }
        getSite().setSelectionProvider(viewer);
        reload();
    }

    private static Text field(Composite parent, String label, int width) {
        new Label(parent, SWT.NONE).setText(label);
        Text text = new Text(parent, SWT.BORDER | SWT.SINGLE);
        GridData data = new GridData();
        data.widthHint = width;
        text.setLayoutData(data);
        return text;
    }

    private static void button(Composite parent, String text, Runnable action) {
        Button button = new Button(parent, SWT.PUSH);
        button.setText(text);
        button.addListener(SWT.Selection, event -> action.run());
    }

    private static Comparator<InstructionRecord> comparator(int column) {
        return switch (column) {
        case 0 -> Comparator.comparing(InstructionRecord::address, Long::compareUnsigned);
        case 5 -> Comparator.comparingLong(InstructionRecord::executions);
        default -> Comparator.comparing(r -> MetadataExport.cells(r).get(column));
        };
    }

    private void addColumn(String title, int width, Function<InstructionRecord, String> text,
            Function<InstructionRecord, Color> background, Comparator<InstructionRecord> byColumn) {
        TableViewerColumn column = TextColumns.add(viewer, title, width, text, background);
        column.getColumn().addListener(SWT.Selection, event -> {
            boolean ascending = viewer.getTable().getSortColumn() != column.getColumn()
                    || viewer.getTable().getSortDirection() == SWT.DOWN;
            viewer.getTable().setSortColumn(column.getColumn());
            viewer.getTable().setSortDirection(ascending ? SWT.UP : SWT.DOWN);
            order = ascending ? byColumn : byColumn.reversed();
            show(rows);
        });
    }

    /** Reads the kernel profile's meta-data store again in a Job (a run may have grown it). */
    public void reload() {
        if (loadJob != null) {
            loadJob.cancel();
        }
        loadJob = Job.create("Reading the meta-data", monitor -> {
            ProgressListener progress = new MonitorProgress(monitor);
            MetadataQuery read = MetadataQuery.of(UtilityRunner.inDefaultCache(progress).profile());
            display.asyncExec(() -> {
                if (!viewer.getControl().isDisposed()) {
                    query = read;
                    applyFilter();
                }
            });
            return Status.OK_STATUS;
        });
        loadJob.schedule();
    }

    /** Shows {@code records} instead of the profile's store (until the next reload): tests at scale. */
    public void setQuery(MetadataQuery records) {
        query = records;
        applyFilter();
    }

    /** Shows the records that pass the filter fields, as {@code hb metadata} with the same options would. */
    public void applyFilter() {
        Pattern regex;
        try {
            regex = pattern.getText().isBlank() ? null : Pattern.compile(pattern.getText());
        } catch (PatternSyntaxException e) {
            status.setText("Bad regex: " + e.getDescription());
            return;
        }
        AccessClass chosen = accessClass.getSelectionIndex() <= 0 ? null
                : AccessClass.valueOf(accessClass.getItem(accessClass.getSelectionIndex()));
        show(query.select(new MetadataFilter(chosen, blankAsNull(utility), blankAsNull(syscall), regex)));
    }

    private static String blankAsNull(Text text) {
        return text.getText().isBlank() ? null : text.getText().strip();
    }

    private void show(List<InstructionRecord> selected) {
        List<InstructionRecord> sorted = new ArrayList<>(selected);
        sorted.sort(order);
        rows = sorted;
        viewer.setInput(rows);
        viewer.setItemCount(rows.size());
        viewer.refresh();
        status.setText(String.format("%,d of %,d records", rows.size(), query.all().size()));
    }

    private void exportCsv() {
        FileDialog dialog = new FileDialog(viewer.getControl().getShell(), SWT.SAVE);
        dialog.setFilterExtensions(new String[] { "*.csv" });
        String file = dialog.open();
        if (file != null) {
            exportCsv(Path.of(file));
        }
    }

    /** Writes the rows shown, in their order, to {@code file} as CSV (a new file) in a Job, returned. */
    public Job exportCsv(Path file) {
        List<InstructionRecord> shown = rows;
        Job export = Job.create("Exporting " + shown.size() + " records to " + file, (IProgressMonitor monitor) -> {
            try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW)) {
                MonitorProgress progress = new MonitorProgress(monitor);
                MetadataExport.csv(shown, out, progress);
                return progress.isCancelled() ? Status.CANCEL_STATUS : Status.OK_STATUS;
            } catch (IOException e) {
                return Status.error("cannot write " + file + ": " + e.getMessage(), e);
            }
        });
        export.setUser(true);
        export.schedule();
        return export;
    }

    /** Hands the table only the rows it asks for: a virtual table makes items as they scroll into view. */
    private final class LazyRows implements ILazyContentProvider {
        @Override
        public void updateElement(int index) {
            viewer.replace(rows.get(index), index);
        }

        @Override
        public void inputChanged(Viewer changed, Object oldInput, Object newInput) {
        }
    }

    /** The viewer, for tests that read what the view shows. */
    public TableViewer getViewer() {
        return viewer;
    }

    /** The filter widgets' values, for tests that filter as a user would. */
    public void setFilter(String accessClassName, String utilityName, String syscallName, String regex) {
        accessClass.select(accessClassName == null ? 0 : accessClass.indexOf(accessClassName));
        utility.setText(utilityName == null ? "" : utilityName);
        syscall.setText(syscallName == null ? "" : syscallName);
        pattern.setText(regex == null ? "" : regex);
        applyFilter();
    }

    /** The Job that reads the store, for tests that wait for it. */
    public Job getLoadJob() {
        return loadJob;
    }

    @Override
    public void setFocus() {
        viewer.getControl().setFocus();
    }
}
