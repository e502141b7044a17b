package org.hybridbridge.ui.views;

import java.nio.file.Path;
import java.util.List;

import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.jface.viewers.ArrayContentProvider;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.jface.viewers.LabelProvider;
import org.eclipse.jface.viewers.ListViewer;
import org.eclipse.jface.viewers.StructuredSelection;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.SashForm;
import org.eclipse.swt.custom.StyledText;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.FileDialog;
import org.eclipse.swt.widgets.Group;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Text;
import org.eclipse.ui.part.ViewPart;
import org.hybridbridge.core.run.BridgeEngine;
import org.hybridbridge.core.run.ControlCharacters;
import org.hybridbridge.core.run.RunFigures;
import org.hybridbridge.core.run.RunRecords;
import org.hybridbridge.core.run.UtilityRunner;
import org.hybridbridge.model.UtilityRun;
import org.hybridbridge.progress.CancelledException;
import org.hybridbridge.progress.ProgressListener;
import org.hybridbridge.qemu.GuestKind;
import org.hybridbridge.ui.MonitorProgress;

/**
 * Runs a utility as {@code hb demo} does ({@link UtilityRunner#compare}) and shows the SVM's own
 * answer, the answer through Hybrid-Bridge and the GVM's ground truth side by side, the lines
 * that differ from the ground truth highlighted. Every run joins the history of runs in the cache
 * ({@link UtilityRunner#defaultHistory()}), which also holds those of {@code hb demo} and {@code hb bench slow}:
 * the list on the left, read when the view opens and after each run.
 */
public final class RunsView extends ViewPart {

    public static final String ID = "org.hybridbridge.ui.views.runs";

    private Display display;
    private Text gvmFile;
    private Text command;
    private Combo engine;
    private StyledText svmAnswer;
    private StyledText bridged;
    private StyledText groundTruth;
    private Label summary;
    private ListViewer history;
    private List<UtilityRun> runs = List.of();
    private Job runJob;

    @Override
    public void createPartControl(Composite parent) {
        display = parent.getDisplay();
        parent.setLayout(new GridLayout(1, false));
        Composite form = new Composite(parent, SWT.NONE);
        form.setLayout(new GridLayout(8, false));
        form.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        new Label(form, SWT.NONE).setText("GVM snapshot");
        gvmFile = new Text(form, SWT.BORDER | SWT.SINGLE);
        gvmFile.setMessage("the demo GVM's, from the cache");
        gvmFile.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        Button browse = new Button(form, SWT.PUSH);
        browse.setText("Browse...");
        browse.addListener(SWT.Selection, event -> browse());
        new Label(form, SWT.NONE).setText("Utility");
        command = new Text(form, SWT.BORDER | SWT.SINGLE);
        command.setText("getpid");
        GridData commandData = new GridData();
        commandData.widthHint = 160;
        command.setLayoutData(commandData);
        new Label(form, SWT.NONE).setText("Engine");
        engine = new Combo(form, SWT.READ_ONLY);
        for (BridgeEngine each : BridgeEngine.values()) {
            engine.add(each.name());
        }
        engine.select(0);
        Button run = new Button(form, SWT.PUSH);
        run.setText("Run");
        run.addListener(SWT.Selection, event -> run());

        SashForm sash = new SashForm(parent, SWT.HORIZONTAL);
        sash.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
        history = new ListViewer(sash, SWT.BORDER | SWT.V_SCROLL | SWT.SINGLE);
        history.setContentProvider(ArrayContentProvider.getInstance());
        history.setLabelProvider(new LabelProvider() {
            @Override
            public String getText(Object element) {
                UtilityRun run = (UtilityRun) element;
                return run.getCommandLine() + " (" + run.getEngine() + "): " + RunRecords.verdictText(run);
            }
        });
        history.addSelectionChangedListener(event -> {
            Object chosen = ((IStructuredSelection) event.getSelection()).getFirstElement();
            if (chosen != null) {
                show((UtilityRun) chosen);
            }
        });
        svmAnswer = pane(sash, "The SVM alone");
        bridged = pane(sash, "Through Hybrid-Bridge");
        groundTruth = pane(sash, "The GVM's own answer");
        sash.setWeights(1, 2, 2, 2);
        summary = new Label(parent, SWT.WRAP);
        summary.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        getSite().setSelectionProvider(history);
        readHistory();
    }

    private static StyledText pane(Composite parent, String title) {
        Group group = new Group(parent, SWT.NONE);
        group.setText(title);
        group.setLayout(new GridLayout(1, false));
        StyledText text = new StyledText(group, SWT.BORDER | SWT.READ_ONLY | SWT.V_SCROLL | SWT.H_SCROLL);
        text.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
        text.setFont(parent.getDisplay().getSystemFont());
        return text;
    }

    private void browse() {
        FileDialog dialog = new FileDialog(gvmFile.getShell(), SWT.OPEN);
        dialog.setFilterExtensions(new String[] { "*.hbsnap" });
        String file = dialog.open();
        if (file != null) {
            gvmFile.setText(file);
        }
    }

    /** Runs the utility typed in, against the GVM chosen, in a Job; the result joins the history. */
    public Job run() {
        String commandLine = command.getText().strip();
        String gvm = gvmFile.getText().strip();
        BridgeEngine chosen = BridgeEngine.valueOf(engine.getText());
        runJob = Job.create("Running " + commandLine + " through Hybrid-Bridge", monitor -> {
            ProgressListener progress = new MonitorProgress(monitor);
            try {
                UtilityRunner runner = UtilityRunner.inDefaultCache(progress);
                Path snapshot = gvm.isEmpty() ? runner.gvm(GuestKind.GVM, progress) : Path.of(gvm);
                runner.compare(commandLine, snapshot, chosen, progress);
                display.asyncExec(this::readHistory);
                return Status.OK_STATUS;
            } catch (CancelledException e) {
                return Status.CANCEL_STATUS;
            } catch (RuntimeException e) { // no such utility in the SVM, a snapshot that is not a GVM's, ...
                return Status.error("Cannot run " + commandLine + ": " + e.getMessage(), e);
            }
        });
        runJob.setUser(true);
        runJob.schedule();
        return runJob;
    }

    /** Lists the history of runs, newest selected and shown. */
    private void readHistory() {
        if (history.getControl().isDisposed()) {
            return;
        }
        try {
            runs = List.copyOf(UtilityRunner.defaultHistory().read().getRuns());
        } catch (IllegalArgumentException e) { // not a history file: say so, run on
            summary.setText("Cannot read the history of runs: " + e.getMessage());
            return;
        }
        history.setInput(runs);
        if (!runs.isEmpty()) {
            UtilityRun newest = runs.get(runs.size() - 1);
            history.setSelection(new StructuredSelection(newest), true);
            show(newest);
        }
    }

    private void show(UtilityRun run) {
        String truth = run.getGroundTruth() != null ? run.getGroundTruth() : "(no ground truth for this utility)";
        String answer = run.getBridgedAnswer() != null ? run.getBridgedAnswer() : "(" + RunRecords.verdictText(run) + ")";
        fill(svmAnswer, run.getSvmAnswer() != null ? run.getSvmAnswer() : "(not run alone)", truth);
        fill(bridged, answer, truth);
        fill(groundTruth, truth, answer);
        summary.setText(String.format("%s, %s: %s. Through Hybrid-Bridge (%s): %s.", run.getCommandLine(),
                run.getCreated(), RunRecords.verdictText(run), run.getEngine(), figures(run)));
        summary.getParent().layout();
    }

    private static String figures(UtilityRun run) {
        if (run.getBridgedAnswer() == null) {
            return "no answer";
        }
        return String.format("%,d user and %,d kernel instructions, %d introspected system calls, %d warnings, "
                + "%d fallbacks, %d VM exits; %.1f s in the engine", run.getUserInstructions(),
                run.getKernelInstructions(), run.getIntrospectedSyscalls(), run.getWarnings().size(),
                run.getFallbacks(), RunFigures.exits(run), RunFigures.runSeconds(run));
    }

    /** Shows {@code text} escaped, each line that is not the same line of {@code other} highlighted. */
    private void fill(StyledText pane, String text, String other) {
        pane.setText(ControlCharacters.escaped(text));
        List<String> others = other.lines().toList();
        List<String> lines = text.lines().toList();
        for (int i = 0; i < lines.size() && i < pane.getLineCount(); i++) {
            boolean same = i < others.size() && others.get(i).equals(lines.get(i));
            pane.setLineBackground(i, 1, same ? null : display.getSystemColor(SWT.COLOR_YELLOW));
        }
    }

    /** The history of runs as listed, oldest first, for tests. */
    public List<UtilityRun> getRuns() {
        return List.copyOf(runs);
    }

    /** The three panes' text (SVM alone, through Hybrid-Bridge, ground truth), for tests. */
    public List<String> getAnswers() {
        return List.of(svmAnswer.getText(), bridged.getText(), groundTruth.getText());
    }

    /** Chooses the engine that redirects, for tests. */
    public void setEngine(BridgeEngine chosen) {
        engine.select(chosen.ordinal());
    }

    /** Sets the utility and its arguments, for tests. */
    public void setCommand(String commandLine) {
        command.setText(commandLine);
    }

    @Override
    public void setFocus() {
        command.setFocus();
    }
}
