package org.hybridbridge.ui.views;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.jface.viewers.ISelection;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.SashForm;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.FileDialog;
import org.eclipse.swt.widgets.Label;
import org.eclipse.ui.ISelectionListener;
import org.eclipse.ui.IWorkbenchPart;
import org.eclipse.ui.part.ViewPart;
import org.hybridbridge.core.run.ExitFigures;
import org.hybridbridge.core.run.ReferenceSeries;
import org.hybridbridge.core.run.UtilityRunner;
import org.hybridbridge.model.UtilityRun;
import org.hybridbridge.ui.charts.ChartExport;
import org.hybridbridge.ui.charts.ExitCharts;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.CategoryMarker;
import org.jfree.chart.swt.ChartComposite;
import org.jfree.chart.ui.Layer;
import org.jfree.data.category.CategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * Exits and fallbacks per utility, charted from the history of runs ({@code hb bench --csv}
 * prints the same figures): stacked bars of each utility's newest run by cause of exit with its
 * fallbacks, and the line of one utility's fallbacks over its successive runs; filtered by engine
 * and guest; the run selected in the Runs view is marked in both; a reference (another source's
 * exits per utility, a CSV) can be drawn beside the bars. Each chart exports as PNG or SVG.
 */
public final class ExitsView extends ViewPart {

    public static final String ID = "org.hybridbridge.ui.views.exits";

    /** The size charts are exported at unless a test says otherwise. */
    private static final int EXPORT_WIDTH = 1200;
    private static final int EXPORT_HEIGHT = 700;

    private Combo engine;
    private Combo guest;
    private Combo utility;
    private ChartComposite bars;
    private ChartComposite line;
    private Label summary;
    private List<UtilityRun> runs = List.of();
    private UtilityRun chosen;
    private ReferenceSeries reference;
    private final ISelectionListener runsSelection = this::runChosen;

    @Override
    public void createPartControl(Composite parent) {
        parent.setLayout(new GridLayout(1, false));
        Composite form = new Composite(parent, SWT.NONE);
        form.setLayout(new GridLayout(11, false));
        form.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        engine = choice(form, "Engine");
        guest = choice(form, "Guest");
        utility = choice(form, "Fallbacks of");
        Button refresh = new Button(form, SWT.PUSH);
        refresh.setText("Refresh");
        refresh.addListener(SWT.Selection, event -> readHistory());
        Button exportBars = new Button(form, SWT.PUSH);
        exportBars.setText("Export bars...");
        exportBars.addListener(SWT.Selection, event -> exportDialog(bars.getChart()));
        Button referenceButton = new Button(form, SWT.PUSH);
        referenceButton.setText("Reference...");
        referenceButton.addListener(SWT.Selection, event -> referenceDialog());
        Button exportLine = new Button(form, SWT.PUSH);
        exportLine.setText("Export line...");
        exportLine.addListener(SWT.Selection, event -> exportDialog(line.getChart()));

        SashForm sash = new SashForm(parent, SWT.VERTICAL);
        sash.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
        bars = chartComposite(sash);
        line = chartComposite(sash);
        sash.setWeights(3, 2);
        summary = new Label(parent, SWT.WRAP);
        summary.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        engine.addListener(SWT.Selection, event -> chart());
        guest.addListener(SWT.Selection, event -> chart());
        utility.addListener(SWT.Selection, event -> chartLine());
        getSite().getPage().addSelectionListener(RunsView.ID, runsSelection);
        readHistory();
    }

    private static Combo choice(Composite form, String label) {
        new Label(form, SWT.NONE).setText(label);
        Combo combo = new Combo(form, SWT.READ_ONLY);
        GridData data = new GridData();
        data.widthHint = 140;
        combo.setLayoutData(data);
        return combo;
    }

    /** JFreeChart's SWT embedding, without its Save and Properties actions (they break on JFreeChart 1.5). */
    private static ChartComposite chartComposite(Composite parent) {
        return new ChartComposite(parent, SWT.NONE, null, 600, 300, 300, 200, 4000, 3000, true, false, false, false,
                true, true);
    }

    /** Reads the history of runs again: the filters' choices, then the charts. */
    public void readHistory() {
        runs = List.copyOf(UtilityRunner.defaultHistory().read().getRuns());
        refill(engine, ExitFigures.engines(runs));
        refill(guest, ExitFigures.guests(runs));
        chart();
    }

    private static void refill(Combo combo, Collection<String> values) {
        String current = combo.getText();
        List<String> items = new ArrayList<>();
        items.add(ExitFigures.ANY);
        items.addAll(values);
        combo.setItems(items.toArray(String[]::new));
        combo.select(Math.max(items.indexOf(current), 0));
    }

    private ExitFigures.Filter filter() {
        return new ExitFigures.Filter(engine.getText(), guest.getText());
    }

    private void chart() {
        Map<String, Map<String, Long>> figures = ExitFigures.newestByUtility(runs, filter());
        JFreeChart chart = ExitCharts.exitsByUtility(figures, "Exits and fallbacks, newest run per utility");
        if (reference != null) {
            ExitCharts.overlay(chart, reference);
        }
        bars.setChart(chart);
        String current = utility.getText();
        utility.setItems(figures.keySet().toArray(String[]::new));
        int index = List.of(utility.getItems()).indexOf(chosen != null ? chosen.getCommandLine() : current);
        utility.select(index >= 0 ? index : 0);
        summary.setText(figures.size() + " utilities, " + runs.stream().filter(filter()::accepts).count()
                + " runs of " + runs.size() + " in the history; exits are Fast-Bridge's, fallbacks the software and"
                + " KVM fast paths'; Slow-Bridge has neither");
        chartLine();
    }

    private void chartLine() {
        String chosenUtility = utility.getText().isEmpty() ? null : utility.getText();
        List<UtilityRun> ofUtility = chosenUtility == null ? List.of()
                : ExitFigures.runsOf(runs, chosenUtility, filter());
        line.setChart(ExitCharts.fallbacksOverRuns(ofUtility, chosenUtility));
        markChosen(ofUtility);
    }

    private void markChosen(List<UtilityRun> ofUtility) {
        ExitCharts.highlight(bars.getChart(), chosen == null ? null : chosen.getCommandLine());
        ExitCharts.highlight(line.getChart(), chosen == null ? 0 : ofUtility.indexOf(chosen) + 1);
        bars.forceRedraw();
        line.forceRedraw();
    }

    /** A run selected in the Runs view: its utility's line shown, the run marked in both charts. */
    private void runChosen(IWorkbenchPart part, ISelection selection) {
        if (bars.isDisposed() || !(selection instanceof IStructuredSelection structured)
                || !(structured.getFirstElement() instanceof UtilityRun run)) {
            return;
        }
        chosen = find(run);
        if (chosen == null) {
            readHistory(); // a run newer than the charts: the Runs view has just added it
            chosen = find(run);
        }
        if (chosen == null) {
            return;
        }
        int index = List.of(utility.getItems()).indexOf(chosen.getCommandLine());
        if (index >= 0) {
            utility.select(index);
        }
        chartLine();
    }

    /** @return the charted run that is {@code run} of the Runs view (each view reads its own copy of the history) */
    private UtilityRun find(UtilityRun run) {
        return runs.stream().filter(each -> each.getCreated().equals(run.getCreated())
                && each.getCommandLine().equals(run.getCommandLine())).findFirst().orElse(null);
    }

    private void referenceDialog() {
        FileDialog dialog = new FileDialog(bars.getShell(), SWT.OPEN);
        dialog.setFilterExtensions(new String[] { "*.csv" });
        String file = dialog.open();
        if (file != null) {
            try {
                loadReference(Path.of(file));
            } catch (RuntimeException e) {
                summary.setText("Reference not read: " + e.getMessage());
            }
        }
    }

    /** Draws {@code file}'s figures ({@link ReferenceSeries}) beside the bars from now on. */
    public void loadReference(Path file) {
        reference = ReferenceSeries.read(file);
        chart();
    }

    /** @return the reference's figures drawn beside the bars, by utility: for tests */
    public Map<String, Number> referenceShown() {
        CategoryDataset dataset = bars.getChart().getCategoryPlot().getDataset(1);
        Map<String, Number> shown = new LinkedHashMap<>();
        if (dataset != null) {
            for (Object utility : dataset.getColumnKeys()) {
                shown.put((String) utility, dataset.getValue(0, dataset.getColumnIndex((Comparable<?>) utility)));
            }
        }
        return shown;
    }

    private void exportDialog(JFreeChart chart) {
        FileDialog dialog = new FileDialog(bars.getShell(), SWT.SAVE);
        dialog.setFilterExtensions(new String[] { "*.png", "*.svg" });
        dialog.setOverwrite(true);
        String file = dialog.open();
        if (file != null) {
            try {
                ChartExport.write(chart, Path.of(file), EXPORT_WIDTH, EXPORT_HEIGHT);
                summary.setText("Exported " + file);
            } catch (IOException | RuntimeException e) {
                summary.setText("Export failed: " + e.getMessage());
            }
        }
    }

    /** @return the utilities that have a bar, in order: for tests */
    public List<String> barUtilities() {
        return List.copyOf(ExitFigures.newestByUtility(runs, filter()).keySet());
    }

    /** @return the utility whose bar is marked, or {@code null}: for tests */
    public String markedUtility() {
        Collection<?> markers = bars.getChart().getCategoryPlot().getDomainMarkers(Layer.FOREGROUND);
        return markers == null || markers.isEmpty() ? null : (String) ((CategoryMarker) markers.iterator().next()).getKey();
    }

    /** @return the fallbacks on the line, oldest run first: for tests */
    public List<Integer> lineFallbacks() {
        XYSeries series = ((XYSeriesCollection) line.getChart().getXYPlot().getDataset()).getSeries(0);
        List<Integer> fallbacks = new ArrayList<>();
        for (int i = 0; i < series.getItemCount(); i++) {
            fallbacks.add(series.getY(i).intValue());
        }
        return fallbacks;
    }

    /** Chooses the engine filter by name: for tests. */
    public void filterEngine(String name) {
        engine.select(Math.max(List.of(engine.getItems()).indexOf(name), 0));
        chart();
    }

    /** Exports the bars chart at a stated size: for tests (the dialog's path otherwise). */
    public void exportBars(Path file, int width, int height) throws IOException {
        ChartExport.write(bars.getChart(), file, width, height);
    }

    @Override
    public void setFocus() {
        bars.setFocus();
    }

    @Override
    public void dispose() {
        getSite().getPage().removeSelectionListener(RunsView.ID, runsSelection);
        super.dispose();
    }
}
