package org.hybridbridge.ui;

import org.eclipse.ui.IPageLayout;
import org.eclipse.ui.IPerspectiveFactory;
import org.hybridbridge.ui.views.EnvironmentView;

/** The Hybrid-Bridge perspective: the Environment view for now; later views join it. */
public final class Perspective implements IPerspectiveFactory {

    public static final String ID = "org.hybridbridge.ui.perspective";

    @Override
    public void createInitialLayout(IPageLayout layout) {
        layout.setEditorAreaVisible(false);
        layout.addView(EnvironmentView.ID, IPageLayout.TOP, IPageLayout.RATIO_MAX, layout.getEditorArea());
        layout.addShowViewShortcut(EnvironmentView.ID); // Window > Show View lists it

    }
}
