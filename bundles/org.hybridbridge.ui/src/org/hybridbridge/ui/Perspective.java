package org.hybridbridge.ui;

import java.util.List;

import org.eclipse.ui.IFolderLayout;
import org.eclipse.ui.IPageLayout;
import org.eclipse.ui.IPerspectiveFactory;
import org.hybridbridge.ui.views.CodePagesView;
import org.hybridbridge.ui.views.EnvironmentView;
import org.hybridbridge.ui.views.ExitsView;
import org.hybridbridge.ui.views.KernelView;
import org.hybridbridge.ui.views.RunsView;
import org.hybridbridge.ui.views.SnapshotDiffView;
import org.hybridbridge.ui.views.TaintTableView;
import org.hybridbridge.ui.views.WalkthroughView;

/**
 * The Hybrid-Bridge perspective: Runs above; Environment, Taint table, Kernel, Snapshot diff,
 * Walkthrough and Exits &amp; fallbacks stacked below it; Code pages beside them, so the Taint table's selection and its
 * code page are seen together.
 */
public final class Perspective implements IPerspectiveFactory {

    public static final String ID = "org.hybridbridge.ui.perspective";

    private static final List<String> VIEWS = List.of(RunsView.ID, TaintTableView.ID, CodePagesView.ID,
            KernelView.ID, SnapshotDiffView.ID, WalkthroughView.ID, ExitsView.ID, EnvironmentView.ID);

    @Override
    public void createInitialLayout(IPageLayout layout) {
        layout.setEditorAreaVisible(false);
        layout.addView(RunsView.ID, IPageLayout.TOP, 0.5f, layout.getEditorArea());
        IFolderLayout below = layout.createFolder("below", IPageLayout.BOTTOM, 0.5f, RunsView.ID);
        below.addView(EnvironmentView.ID); // first: the one shown, so its checks run on start
        below.addView(TaintTableView.ID);
        below.addView(KernelView.ID);
        below.addView(SnapshotDiffView.ID);
        below.addView(WalkthroughView.ID);
        below.addView(ExitsView.ID);
        layout.addView(CodePagesView.ID, IPageLayout.RIGHT, 0.5f, "below");
        VIEWS.forEach(layout::addShowViewShortcut); // Window > Show View lists them
    }
}
