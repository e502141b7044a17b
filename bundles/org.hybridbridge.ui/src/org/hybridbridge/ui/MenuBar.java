package org.hybridbridge.ui;

import org.eclipse.jface.action.IContributionItem;
import org.eclipse.jface.action.IMenuManager;
import org.eclipse.jface.action.MenuManager;
import org.eclipse.jface.action.Separator;
import org.eclipse.ui.IWorkbenchActionConstants;
import org.eclipse.ui.IWorkbenchWindow;
import org.eclipse.ui.actions.ActionFactory;
import org.eclipse.ui.actions.ActionFactory.IWorkbenchAction;
import org.eclipse.ui.actions.ContributionItemFactory;
import org.eclipse.ui.application.ActionBarAdvisor;
import org.eclipse.ui.application.IActionBarConfigurer;

/**
 * The workbench window's menus: Window (Show View, Reset Perspective) and Help (About). Without
 * them a closed view could not be opened again. Show View lists the perspective's view
 * shortcuts, then Other... for every view.
 */
final class MenuBar extends ActionBarAdvisor {

    private IContributionItem showView;
    private IWorkbenchAction resetPerspective;
    private IWorkbenchAction about;

    MenuBar(IActionBarConfigurer configurer) {
        super(configurer);
    }

    @Override
    protected void makeActions(IWorkbenchWindow window) {
        showView = ContributionItemFactory.VIEWS_SHORTLIST.create(window);
        resetPerspective = ActionFactory.RESET_PERSPECTIVE.create(window);
        register(resetPerspective);
        about = ActionFactory.ABOUT.create(window);
        register(about);
    }

    @Override
    protected void fillMenuBar(IMenuManager menuBar) {
        MenuManager views = new MenuManager("Show &View", "showView");
        views.add(showView);
        MenuManager window = new MenuManager("&Window", IWorkbenchActionConstants.M_WINDOW);
        window.add(views);
        window.add(new Separator());
        window.add(resetPerspective);
        MenuManager help = new MenuManager("&Help", IWorkbenchActionConstants.M_HELP);
        help.add(about);
        menuBar.add(window);
        menuBar.add(help);
    }
}
