package org.hybridbridge.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableItem;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.PlatformUI;
import org.hybridbridge.core.environment.EnvironmentCheck;
import org.hybridbridge.progress.ProgressListener;
import org.hybridbridge.testing.Requirements;
import org.hybridbridge.ui.Perspective;
import org.hybridbridge.ui.views.EnvironmentView;
import org.junit.jupiter.api.Test;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/** Drives the real workbench of the product (SWT/JFace directly: SWTBot cannot be had). */
class EnvironmentViewTest {

    private static final int CHECK = 0;
    private static final int STATUS = 1;
    private static final int VALUE = 2;

    @Test
    void productOpensOnTheHybridBridgePerspectiveWithTheEnvironmentView() throws Exception {
        IWorkbenchPage page = PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage();
        assertEquals(Perspective.ID, page.getPerspective().getId());
        EnvironmentView view = (EnvironmentView) page.findView(EnvironmentView.ID);
        assertNotNull(view, "the perspective shows the Environment view");
        Table table = waitForChecks(view);
        assertTrue(table.getItemCount() > 0);
        assertTrue(Arrays.stream(table.getColumns()).map(column -> column.getText()).toList()
                .containsAll(java.util.List.of("Check", "Status", "Value", "Detail")));
    }

    @Test
    void kvmRowShowsWhatHbDoctorJsonReports() throws Exception {
        Requirements.requireKvm();
        IWorkbenchPage page = PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage();
        EnvironmentView view = (EnvironmentView) page.showView(EnvironmentView.ID);
        Table table = waitForChecks(view);

        // The same engine and JSON that `hb doctor --json` prints.
        JsonObject doctor = JsonParser.parseString(new EnvironmentCheck().run(ProgressListener.NONE).toJson())
                .getAsJsonObject();

        JsonObject kvm = check(doctor, "kvm");
        TableItem kvmRow = row(table, kvm.get("label").getAsString());
        assertEquals("ok", kvm.get("status").getAsString());
        assertEquals(kvm.get("status").getAsString(), kvmRow.getText(STATUS));
        assertEquals(kvm.get("value").getAsString(), kvmRow.getText(VALUE));
        // Rates are measured anew by each run (and swing with host load); the flavor in the KVM
        // row, compared above, is what their ratio decides. Here: both are measured and shown.
        for (String level : new String[] { "kvm.cpl0", "kvm.cpl3" }) {
            JsonObject rate = check(doctor, level);
            TableItem rateRow = row(table, rate.get("label").getAsString());
            assertEquals(rate.get("status").getAsString(), rateRow.getText(STATUS));
            assertTrue(rateRow.getText(VALUE).matches("[0-9]+\\.[0-9]{2}( [kMGT])? instructions/s"),
                    rateRow.getText(VALUE));
        }
    }

    private static JsonObject check(JsonObject doctor, String name) {
        return doctor.getAsJsonArray("checks").asList().stream().map(JsonElement::getAsJsonObject)
                .filter(check -> check.get("name").getAsString().equals(name)).findFirst().orElseThrow();
    }

    private static TableItem row(Table table, String label) {
        return Arrays.stream(table.getItems()).filter(item -> item.getText(CHECK).equals(label)).findFirst()
                .orElseThrow(() -> new AssertionError("no row " + label));
    }

    /** Waits for the view's Job, then lets the UI thread apply its result. */
    private static Table waitForChecks(EnvironmentView view) throws InterruptedException {
        view.getRefreshJob().join();
        Display display = Display.getCurrent();
        Table table = view.getViewer().getTable();
        long deadline = System.currentTimeMillis() + 10_000;
        while (table.getItemCount() == 0 && System.currentTimeMillis() < deadline) {
            if (!display.readAndDispatch()) {
                Thread.sleep(10);
            }
        }
        return table;
    }
}
