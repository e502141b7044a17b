package org.hybridbridge.ui.views;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.jface.viewers.ArrayContentProvider;
import org.eclipse.jface.viewers.StructuredSelection;
import org.eclipse.jface.viewers.TableViewer;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.SashForm;
import org.eclipse.swt.custom.StyledText;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.graphics.ImageLoader;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.DirectoryDialog;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.FileDialog;
import org.eclipse.swt.widgets.Group;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Scale;
import org.eclipse.swt.widgets.Text;
import org.eclipse.ui.part.ViewPart;
import org.hybridbridge.core.run.UtilityRunner;
import org.hybridbridge.core.trace.StepText;
import org.hybridbridge.core.trace.TaintTableRows;
import org.hybridbridge.core.trace.WalkthroughRecorder;
import org.hybridbridge.model.TraceStep;
import org.hybridbridge.model.Walkthrough;
import org.hybridbridge.model.store.ModelStore;
import org.hybridbridge.progress.CancelledException;
import org.hybridbridge.progress.ProgressListener;
import org.hybridbridge.qemu.GuestKind;
import org.hybridbridge.ui.MonitorProgress;

/**
 * The teacher's view of the semantic gap (DESIGN.md 3.6, Trace): the kernel instructions of one
 * introspected system call of a run, stepped through one by one (step, back, play at a chosen
 * speed), each with its operands' taint and the image that served its accesses, while the taint
 * table fills row by row as in the seeds' slides. The steps are {@code hb trace}'s; they can be
 * saved as a file of the model and exported as a figure per step for slides.
 */
public final class WalkthroughView extends ViewPart {

    public static final String ID = "org.hybridbridge.ui.views.walkthrough";

    private Display display;
    private Text utility;
    private Text syscall;
    private Text gvmFile;
    private Label position;
    private Scale speed;
    private Button play;
    private Composite figure;
    private TableViewer steps;
    private StyledText details;
    private TableViewer taintTable;
    private Walkthrough walkthrough;
    private int current = -1;
    private boolean playing;
    private boolean exporting;

    @Override
    public void createPartControl(Composite parent) {
        display = parent.getDisplay();
        parent.setLayout(new GridLayout(1, false));
        Composite form = new Composite(parent, SWT.NONE);
        form.setLayout(new GridLayout(11, false));
        form.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        utility = field(form, "Utility", "getpid", 120);
        syscall = field(form, "System call", "getpid", 120);
        gvmFile = field(form, "GVM snapshot", "", 260);
        gvmFile.setMessage("the demo GVM's, from the cache");
        button(form, "Record", this::record);
        button(form, "Open...", this::open);
        button(form, "Save...", this::save);
        button(form, "Export figures...", this::exportFigures);

        Composite controls = new Composite(parent, SWT.NONE);
        controls.setLayout(new GridLayout(8, false));
        button(controls, "|<", () -> show(0));
        button(controls, "< Back", () -> show(current - 1));
        button(controls, "Step >", () -> show(current + 1));
        button(controls, ">|", () -> show(walkthrough == null ? -1 : walkthrough.getSteps().size() - 1));
        play = button(controls, "Play", this::togglePlay);
        new Label(controls, SWT.NONE).setText("steps/s");
        speed = new Scale(controls, SWT.HORIZONTAL);
        speed.setMinimum(1);
        speed.setMaximum(20);
        speed.setSelection(4);
        position = new Label(controls, SWT.NONE);
        position.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));

        figure = new SashForm(parent, SWT.HORIZONTAL);
        figure.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
        steps = TextColumns.titledTable(figure, "Kernel instructions");
        TextColumns.<TraceStep>add(steps, "#", 45, step -> Integer.toString(walkthrough.getSteps().indexOf(step) + 1));
        TextColumns.<TraceStep>add(steps, "Symbol", 190, TraceStep::getSymbol);
        TextColumns.<TraceStep>add(steps, "Instruction", 230, TraceStep::getText);
        steps.addSelectionChangedListener(event -> {
            Object chosen = steps.getStructuredSelection().getFirstElement();
            if (chosen != null && walkthrough.getSteps().indexOf(chosen) != current) {
                show(walkthrough.getSteps().indexOf(chosen));
            }
        });
        SashForm right = new SashForm(figure, SWT.VERTICAL);
        Group detailGroup = new Group(right, SWT.NONE);
        detailGroup.setText("This instruction");
        detailGroup.setLayout(new GridLayout(1, false));
        details = new StyledText(detailGroup, SWT.READ_ONLY | SWT.WRAP | SWT.V_SCROLL);
        details.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
        taintTable = TextColumns.titledTable(right, "Taint table so far");
        TextColumns.<TaintTableRows.Row>add(taintTable, "Address", 140, row -> String.format("0x%x", row.address()));
        TextColumns.<TaintTableRows.Row>add(taintTable, "Symbol", 180, TaintTableRows.Row::symbol);
        TextColumns.<TaintTableRows.Row>add(taintTable, "Instruction", 200, TaintTableRows.Row::text);
        TextColumns.<TaintTableRows.Row>add(taintTable, "Class", 60, row -> row.accessClass().name());
        TextColumns.<TaintTableRows.Row>add(taintTable, "Taint source", 160, row -> String.join(", ", row.sources()));
        right.setWeights(2, 3);
        getSite().setSelectionProvider(steps);
        show(-1);
    }

    private static Text field(Composite form, String label, String value, int width) {
        new Label(form, SWT.NONE).setText(label);
        Text text = new Text(form, SWT.BORDER | SWT.SINGLE);
        text.setText(value);
        GridData data = new GridData(SWT.FILL, SWT.CENTER, false, false);
        data.widthHint = width;
        text.setLayoutData(data);
        return text;
    }

    private static Button button(Composite parent, String label, Runnable action) {
        Button button = new Button(parent, SWT.PUSH);
        button.setText(label);
        button.addListener(SWT.Selection, event -> action.run());
        return button;
    }

    /** Records the walkthrough of the system call chosen in a Job: a Slow-Bridge run with its trace on. */
    public Job record() {
        String commandLine = utility.getText().strip();
        String call = syscall.getText().strip();
        String gvm = gvmFile.getText().strip();
        Job job = Job.create("Recording the " + call + " of " + commandLine, monitor -> {
            ProgressListener progress = new MonitorProgress(monitor);
            try {
                UtilityRunner runner = UtilityRunner.inDefaultCache(progress);
                Path snapshot = gvm.isEmpty() ? runner.gvm(GuestKind.GVM, progress) : Path.of(gvm);
                Walkthrough recorded = WalkthroughRecorder.record(runner, commandLine, call, snapshot, progress);
                display.asyncExec(() -> load(recorded));
                return Status.OK_STATUS;
            } catch (CancelledException e) {
                return Status.CANCEL_STATUS;
            } catch (RuntimeException e) { // no such call in the run, no such utility, ...
                return Status.error("Cannot record the " + call + " of " + commandLine + ": " + e.getMessage(), e);
            }
        });
        job.setUser(true);
        job.schedule();
        return job;
    }

    private void load(Walkthrough loaded) {
        if (steps.getControl().isDisposed()) {
            return;
        }
        walkthrough = loaded;
        steps.setInput(loaded.getSteps());
        show(0);
    }

    /** Shows step {@code index} (clamped to the steps there are): its details, and the taint table up to it. */
    public void show(int index) {
        if (walkthrough == null || walkthrough.getSteps().isEmpty()) {
            position.setText("Record a walkthrough, or open one");
            return;
        }
        current = Math.max(0, Math.min(index, walkthrough.getSteps().size() - 1));
        TraceStep step = walkthrough.getSteps().get(current);
        if (exporting) { // the table's own selection only: the views that follow steps need not build each page
            steps.getTable().setSelection(current);
            steps.getTable().showSelection();
        } else {
            steps.setSelection(new StructuredSelection(step), true);
        }
        details.setText(String.format("%s%n%s   (%s)%n%n0x%x   bytes %s%n%nOperands' taint: %s%nMemory: %s%n",
                step.getText(), step.getSymbol(), walkthrough.getSyscall(), step.getAddress(), step.getBytes(),
                StepText.operandTaint(walkthrough, step), StepText.accesses(step)));
        List<TaintTableRows.Row> rows = TaintTableRows.upTo(walkthrough, current);
        taintTable.setInput(rows);
        for (int i = 0; i < rows.size(); i++) {
            taintTable.getTable().getItem(i).setBackground(rows.get(i).address() == step.getAddress()
                    ? display.getSystemColor(SWT.COLOR_YELLOW) : null);
        }
        position.setText(String.format("%s of %s: step %d of %d", walkthrough.getSyscall(),
                walkthrough.getCommandLine(), current + 1, walkthrough.getSteps().size()));
        position.getParent().layout();
    }

    private void togglePlay() {
        playing = !playing;
        play.setText(playing ? "Pause" : "Play");
        if (playing) {
            tick();
        }
    }

    private void tick() {
        if (!playing || figure.isDisposed() || walkthrough == null) {
            return;
        }
        if (current >= walkthrough.getSteps().size() - 1) {
            togglePlay();
            return;
        }
        show(current + 1);
        display.timerExec(1000 / speed.getSelection(), this::tick);
    }

    private void open() {
        Walkthrough saved = ModelFiles.open(figure.getShell(), "hbtrace", Walkthrough.class, position::setText);
        if (saved != null) {
            load(saved);
        }
    }

    private void save() {
        if (walkthrough != null) {
            ModelFiles.save(figure.getShell(), "hbtrace", walkthrough, position::setText);
        }
    }

    private void exportFigures() {
        String directory = walkthrough == null ? null : new DirectoryDialog(figure.getShell()).open();
        if (directory != null) {
            exportFigures(Path.of(directory));
        }
    }

    /**
     * Writes one PNG per step to {@code directory} ({@code step-001.png} ...), each the view's
     * instructions, details and taint table as they stand at that step: slides for class.
     *
     * @return the files written
     */
    public List<Path> exportFigures(Path directory) {
        int shown = current;
        List<Path> files = new ArrayList<>();
        exporting = true;
        try {
            for (int i = 0; i < walkthrough.getSteps().size(); i++) {
                files.add(exportFigure(directory, i));
            }
        } finally {
            exporting = false;
        }
        show(shown);
        return files;
    }

    /** Shows step {@code index} and writes the figure as it is painted to {@code directory}. */
    private Path exportFigure(Path directory, int index) {
        show(index);
        while (display.readAndDispatch()) {
            // paint this step before it is captured
        }
        Point size = figure.getSize();
        Image image = new Image(display, size.x, size.y);
        GC gc = new GC(figure);
        try {
            gc.copyArea(image, 0, 0);
            ImageLoader loader = new ImageLoader();
            loader.data = new ImageData[] { image.getImageData() };
            Path file = directory.resolve(String.format("step-%03d.png", index + 1));
            loader.save(file.toString(), SWT.IMAGE_PNG);
            return file;
        } finally {
            gc.dispose();
            image.dispose();
        }
    }

    /** The walkthrough shown, or {@code null}, for tests. */
    public Walkthrough getWalkthrough() {
        return walkthrough;
    }

    /** The current step's index, for tests. */
    public int getCurrent() {
        return current;
    }

    /** The details pane's text, for tests. */
    public String getDetails() {
        return details.getText();
    }

    /** The taint table's rows as shown, for tests. */
    @SuppressWarnings("unchecked")
    public List<TaintTableRows.Row> getTaintRows() {
        return (List<TaintTableRows.Row>) taintTable.getInput();
    }

    /** The figure's size in pixels (what each exported PNG measures), for tests. */
    public Point getFigureSize() {
        return figure.getSize();
    }

    @Override
    public void setFocus() {
        utility.setFocus();
    }
}
