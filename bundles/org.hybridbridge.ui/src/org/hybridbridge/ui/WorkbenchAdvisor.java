package org.hybridbridge.ui;

import org.eclipse.ui.application.ActionBarAdvisor;
import org.eclipse.ui.application.IActionBarConfigurer;
import org.eclipse.ui.application.IWorkbenchWindowConfigurer;
import org.eclipse.ui.application.WorkbenchWindowAdvisor;

/** Opens the workbench on the Hybrid-Bridge perspective, with the {@link MenuBar}'s menus. */
final class WorkbenchAdvisor extends org.eclipse.ui.application.WorkbenchAdvisor {

    @Override
    public String getInitialWindowPerspectiveId() {
        return Perspective.ID;
    }

    @Override
    public WorkbenchWindowAdvisor createWorkbenchWindowAdvisor(IWorkbenchWindowConfigurer configurer) {
        return new WorkbenchWindowAdvisor(configurer) {
            @Override
            public void preWindowOpen() {
                getWindowConfigurer().setTitle("Hybrid-Bridge");
                getWindowConfigurer().setShowStatusLine(true);
                getWindowConfigurer().setShowProgressIndicator(true);
            }

            @Override
            public ActionBarAdvisor createActionBarAdvisor(IActionBarConfigurer actionBars) {
                return new MenuBar(actionBars);
            }
        };
    }
}
