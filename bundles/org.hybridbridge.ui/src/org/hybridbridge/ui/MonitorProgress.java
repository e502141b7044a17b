package org.hybridbridge.ui;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.SubMonitor;
import org.hybridbridge.progress.ProgressListener;

/** Lets core work report to a Job's monitor: each unit of core work is one {@link SubMonitor} split. */
public final class MonitorProgress implements ProgressListener {

    private final IProgressMonitor parent;
    private SubMonitor monitor;

    public MonitorProgress(IProgressMonitor parent) {
        this.parent = parent;
        this.monitor = SubMonitor.convert(parent);
    }

    @Override
    public void beginTask(String name, int totalWork) {
        monitor = SubMonitor.convert(parent, name, totalWork);
    }

    @Override
    public void subTask(String name) {
        monitor.subTask(name);
    }

    @Override
    public void worked(int work) {
        monitor.worked(work);
    }

    @Override
    public boolean isCancelled() {
        return monitor.isCanceled();
    }
}
