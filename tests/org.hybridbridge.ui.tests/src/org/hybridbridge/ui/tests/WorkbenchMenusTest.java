package org.hybridbridge.ui.tests;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Optional;

import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Menu;
import org.eclipse.swt.widgets.MenuItem;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.IWorkbenchWindow;
import org.eclipse.ui.PartInitException;
import org.eclipse.ui.PlatformUI;
import org.hybridbridge.ui.views.EnvironmentView;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The workbench's menus, driven as a user would through the real window's SWT menu bar: a closed
 * view comes back from Window > Show View or Window > Reset Perspective; Help > About opens.
 */
class WorkbenchMenusTest {

    private static final long DIALOG_MILLIS = 10_000;

    private final IWorkbenchWindow window = PlatformUI.getWorkbench().getActiveWorkbenchWindow();
    private final IWorkbenchPage page = window.getActivePage();

    @AfterEach
    void environmentViewIsShownAgainForTheOtherTests() throws PartInitException {
        page.showView(EnvironmentView.ID);
    }

    @Test
    void aClosedEnvironmentViewComesBackFromWindowShowView() {
        closeEnvironmentView();

        select(item(submenu(submenu(window.getShell().getMenuBar(), "Window"), "Show View"), "Environment"));

        assertNotNull(page.findView(EnvironmentView.ID));
    }

    @Test
    void resetPerspectiveBringsAClosedViewBack() {
        closeEnvironmentView();

        boolean[] confirmed = pressDefaultButtonOfDialog("Reset Perspective");
        select(item(submenu(window.getShell().getMenuBar(), "Window"), "Reset Perspective"));

        assertTrue(confirmed[0], "the reset was confirmed in its dialog");
        assertNotNull(page.findView(EnvironmentView.ID));
    }

    @Test
    void helpAboutOpensTheAboutDialog() {
        boolean[] closed = pressDefaultButtonOfDialog("About");
        select(item(submenu(window.getShell().getMenuBar(), "Help"), "About"));

        assertTrue(closed[0], "an About dialog opened");
    }

    private void closeEnvironmentView() {
        page.hideView(page.findView(EnvironmentView.ID));
        assertNull(page.findView(EnvironmentView.ID));
    }

    /** The menu under {@code text}, filled as it is when the user opens it. */
    private static Menu submenu(Menu menu, String text) {
        Menu submenu = item(menu, text).getMenu();
        assertNotNull(submenu, text + " has no submenu");
        submenu.notifyListeners(SWT.Show, new Event());
        return submenu;
    }

    private static MenuItem item(Menu menu, String text) {
        return Arrays.stream(menu.getItems()).filter(item -> item.getText().replace("&", "").startsWith(text))
                .findFirst().orElseThrow(() -> new AssertionError("no menu item " + text + " in "
                        + Arrays.stream(menu.getItems()).map(MenuItem::getText).toList()));
    }

    private static void select(MenuItem item) {
        assertFalse(item.isDisposed());
        item.notifyListeners(SWT.Selection, new Event());
    }

    /**
     * Presses the default button of the dialog whose title starts with {@code title} once it opens
     * (its modal loop runs the timer). @return a flag set when it was pressed
     */
    private static boolean[] pressDefaultButtonOfDialog(String title) {
        Display display = Display.getCurrent();
        boolean[] pressed = { false };
        long deadline = System.currentTimeMillis() + DIALOG_MILLIS;
        Runnable[] poll = new Runnable[1];
        poll[0] = () -> {
            Optional<Shell> dialog = Arrays.stream(display.getShells())
                    .filter(shell -> !shell.isDisposed() && shell.getText().startsWith(title)).findFirst();
            if (dialog.isPresent() && dialog.get().getDefaultButton() != null) {
                pressed[0] = true;
                dialog.get().getDefaultButton().notifyListeners(SWT.Selection, new Event());
            } else if (System.currentTimeMillis() < deadline) {
                display.timerExec(50, poll[0]);
            }
        };
        display.timerExec(50, poll[0]);
        return pressed;
    }
}
