package org.hybridbridge.ui.views;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.jface.action.Action;
import org.eclipse.jface.viewers.ArrayContentProvider;
import org.eclipse.jface.viewers.TableViewer;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Display;
import org.eclipse.ui.part.ViewPart;
import org.hybridbridge.core.environment.CheckResult;
import org.hybridbridge.core.environment.EnvironmentCheck;
import org.hybridbridge.core.environment.EnvironmentReport;
import org.hybridbridge.progress.CancelledException;
import org.hybridbridge.ui.MonitorProgress;

import java.util.function.Function;

/** What this machine offers the engines: the same checks and values as {@code hb doctor}. */
public final class EnvironmentView extends ViewPart {

    public static final String ID = "org.hybridbridge.ui.views.environment";

    private TableViewer viewer;
    private Display display;
    private Job refreshJob;

    @Override
    public void createPartControl(Composite parent) {
        display = parent.getDisplay();
        viewer = new TableViewer(parent, SWT.FULL_SELECTION | SWT.BORDER | SWT.V_SCROLL | SWT.H_SCROLL);
        viewer.getTable().setHeaderVisible(true);
        viewer.getTable().setLinesVisible(true);
        viewer.setContentProvider(ArrayContentProvider.getInstance());
        addColumn("Check", 160, CheckResult::label);
        addColumn("Status", 80, result -> result.status().word());
        addColumn("Value", 320, CheckResult::value);
        addColumn("Detail", 420, CheckResult::detail);
        getSite().setSelectionProvider(viewer);
        getViewSite().getActionBars().getToolBarManager().add(new Action("Refresh") {
            @Override
            public void run() {
                refresh();
            }
        });
        refresh();
    }

    private void addColumn(String title, int width, Function<CheckResult, String> text) {
        TextColumns.add(viewer, title, width, text);
    }

    /** Runs the checks again in a Job (they measure KVM, which takes a moment). */
    public void refresh() {
        if (refreshJob != null) {
            refreshJob.cancel();
        }
        refreshJob = new Job("Checking the environment") {
            @Override
            protected IStatus run(IProgressMonitor monitor) {
                try {
                    EnvironmentReport report = new EnvironmentCheck().run(new MonitorProgress(monitor));
                    show(report);
                    return Status.OK_STATUS;
                } catch (CancelledException e) {
                    return Status.CANCEL_STATUS;
                }
            }
        };
        refreshJob.setUser(false);
        refreshJob.schedule();
    }

    private void show(EnvironmentReport report) {
        display.asyncExec(() -> {
            if (!viewer.getControl().isDisposed()) {
                viewer.setInput(report.results());
            }
        });
    }

    /** The viewer, for tests that read what the view shows. */
    public TableViewer getViewer() {
        return viewer;
    }

    /** The Job that fills the table, for tests that wait for it. */
    public Job getRefreshJob() {
        return refreshJob;
    }

    @Override
    public void setFocus() {
        viewer.getControl().setFocus();
    }
}
