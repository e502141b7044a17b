package org.hybridbridge.ui.views;

import java.io.IOException;
import java.util.List;
import java.util.function.Function;

import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.jface.viewers.ArrayContentProvider;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.jface.viewers.StructuredSelection;
import org.eclipse.jface.viewers.TableViewer;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Text;
import org.eclipse.ui.ISelectionListener;
import org.eclipse.ui.part.ViewPart;
import org.hybridbridge.core.codepages.CodeListing;
import org.hybridbridge.core.codepages.KernelCodePages;
import org.hybridbridge.fast.codepage.CodeLine;
import org.hybridbridge.model.TraceStep;
import org.hybridbridge.progress.ProgressListener;
import org.hybridbridge.taint.metadata.InstructionRecord;
import org.hybridbridge.ui.MonitorProgress;

/**
 * A kernel text page beside its NR and R copies, aligned by instruction ({@code hb codepages
 * --page}, the same core code): for the instruction selected in the Taint table, the
 * Walkthrough's current step, or a symbol or address typed in. Class colours as in the Taint table; each {@code int3} a copy holds is red.
 */
public final class CodePagesView extends ViewPart {

    public static final String ID = "org.hybridbridge.ui.views.codePages";

    private final ISelectionListener taintTableSelection = (part, selection) -> {
        if (selection instanceof IStructuredSelection chosen
                && chosen.getFirstElement() instanceof InstructionRecord record) {
            show(String.format("%#x", record.address()));
        }
    };
    /** The Walkthrough's current step: on the page shown, only the selection moves; off it, its page is built. */
    private final ISelectionListener walkthroughSelection = (part, selection) -> {
        if (selection instanceof IStructuredSelection chosen && chosen.getFirstElement() instanceof TraceStep step
                && (loading() || !select(step.getAddress()))) {
            show(String.format("%#x", step.getAddress()));
        }
    };
    private Display display;
    private Text target;
    private Label status;
    private TableViewer viewer;
    private Job loadJob;
    /** Pages asked for so far: only the last one asked for is shown. */
    private long requests;

    @Override
    public void createPartControl(Composite parent) {
        display = parent.getDisplay();
        parent.setLayout(new GridLayout(1, false));
        Composite bar = new Composite(parent, SWT.NONE);
        bar.setLayout(new GridLayout(3, false));
        new Label(bar, SWT.NONE).setText("Symbol or address");
        target = new Text(bar, SWT.BORDER | SWT.SINGLE);
        GridData width = new GridData();
        width.widthHint = 240;
        target.setLayoutData(width);
        target.addListener(SWT.DefaultSelection, event -> show(target.getText()));
        Button go = new Button(bar, SWT.PUSH);
        go.setText("Show");
        go.addListener(SWT.Selection, event -> show(target.getText()));
        status = new Label(parent, SWT.NONE);
        status.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        status.setText("Select an instruction in the Taint table, or type a symbol.");

        viewer = new TableViewer(parent, SWT.FULL_SELECTION | SWT.BORDER | SWT.V_SCROLL | SWT.H_SCROLL);
        viewer.getTable().setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
        viewer.getTable().setHeaderVisible(true);
        viewer.getTable().setLinesVisible(true);
        viewer.setContentProvider(ArrayContentProvider.getInstance());
        column("address", 140, line -> String.format("%#x", line.address()), line -> null);
        column("symbol", 220, CodeLine::symbol, line -> null);
        column("class", 60, line -> line.codeClass().label(), line -> ClassColours.of(line.codeClass()));
        column("bytes", 200, CodeLine::hex, line -> null);
        column("original", 260, CodeLine::text, line -> null);
        column("NR copy", 260, CodeLine::nrText, line -> line.patchedInNr() ? ClassColours.PATCH : null);
        column("R copy", 260, CodeLine::rText, line -> line.patchedInR() ? ClassColours.PATCH : null);
        getSite().setSelectionProvider(viewer);
        getSite().getPage().addSelectionListener(TaintTableView.ID, taintTableSelection);
        getSite().getPage().addSelectionListener(WalkthroughView.ID, walkthroughSelection);
    }

    private void column(String title, int width, Function<CodeLine, String> text, Function<CodeLine, Color> background) {
        TextColumns.add(viewer, title, width, text, background);
    }

    /**
     * Shows the page holding {@code symbolOrAddress} (a kernel symbol or {@code 0x...}), built in a
     * Job; the instruction there is selected.
     */
    public void show(String symbolOrAddress) {
        target.setText(symbolOrAddress);
        if (loadJob != null) {
            loadJob.cancel();
        }
        status.setText("Reading the code page of " + symbolOrAddress + "...");
        long request = ++requests;
        loadJob = Job.create("Code page of " + symbolOrAddress, monitor -> {
            Shown shown = build(symbolOrAddress, new MonitorProgress(monitor));
            if (monitor.isCanceled() || display.isDisposed()) {
                return Status.CANCEL_STATUS;
            }
            display.asyncExec(() -> {
                if (request == requests) { // a page asked for since replaces this one
                    show(shown);
                }
            });
            return Status.OK_STATUS;
        });
        loadJob.schedule();
    }

    /** A page to show and the address to select on it, or only a line saying why there is none. */
    private record Shown(CodeListing listing, long address, String status) {
    }

    private static Shown build(String symbolOrAddress, ProgressListener progress) {
        try (KernelCodePages pages = KernelCodePages.inDefaultCache(null, null, progress)) {
            long address = pages.resolve(symbolOrAddress);
            CodeListing listing = pages.page(address);
            return new Shown(listing, address, String.format("%s: %d instructions, %d int3 in the NR copy, %d in the R copy",
                    listing.title(), listing.lines().size(),
                    listing.lines().stream().filter(CodeLine::patchedInNr).count(),
                    listing.lines().stream().filter(CodeLine::patchedInR).count()));
        } catch (RuntimeException | IOException e) {
            return new Shown(null, 0, "Cannot show " + symbolOrAddress + ": " + e.getMessage());
        }
    }

    private void show(Shown shown) {
        if (viewer.getControl().isDisposed()) {
            return;
        }
        status.setText(shown.status());
        if (shown.listing() == null) {
            return;
        }
        viewer.setInput(shown.listing().lines());
        select(shown.address());
    }

    /** @return whether a page asked for is still being built */
    private boolean loading() {
        return loadJob != null && loadJob.getResult() == null;
    }

    /** Selects the instruction at {@code address} if the page shown holds it; @return whether it does. */
    @SuppressWarnings("unchecked")
    private boolean select(long address) {
        if (!(viewer.getInput() instanceof List<?> lines)) {
            return false;
        }
        return ((List<CodeLine>) lines).stream()
                .filter(line -> address - line.address() >= 0 && line.end() - address > 0)
                .findFirst()
                .map(line -> {
                    viewer.setSelection(new StructuredSelection(line), true);
                    return true;
                })
                .orElse(false);
    }

    /** The viewer, for tests that read what the view shows. */
    public TableViewer getViewer() {
        return viewer;
    }

    /** The Job that builds the page shown last, for tests that wait for it. */
    public Job getLoadJob() {
        return loadJob;
    }

    @Override
    public void dispose() {
        getSite().getPage().removeSelectionListener(TaintTableView.ID, taintTableSelection);
        getSite().getPage().removeSelectionListener(WalkthroughView.ID, walkthroughSelection);
        super.dispose();
    }

    @Override
    public void setFocus() {
        viewer.getControl().setFocus();
    }
}
