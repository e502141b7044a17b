package org.hybridbridge.ui.charts;

import java.awt.BasicStroke;
import java.awt.Color;
import java.util.List;
import java.util.Map;

import org.hybridbridge.core.run.ExitFigures;
import org.hybridbridge.core.run.ReferenceSeries;
import org.hybridbridge.model.UtilityRun;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CategoryMarker;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.DatasetRenderingOrder;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.LineAndShapeRenderer;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The charts of the Exits &amp; fallbacks view, built by JFreeChart from {@link ExitFigures}: one
 * stacked bar per utility (its newest run's exits by cause, fallbacks on top) and one line of a
 * utility's fallbacks over its successive runs. A chosen run is marked in both; figures from
 * elsewhere (a {@link ReferenceSeries}) can be drawn beside the bars.
 */
public final class ExitCharts {

    private static final Color HIGHLIGHT = new Color(255, 200, 0, 90);

    private ExitCharts() {
    }

    /** @return the stacked bars: a category per utility, a series per cause of exit and {@link ExitFigures#FALLBACKS} */
    public static JFreeChart exitsByUtility(Map<String, Map<String, Long>> figures, String title) {
        DefaultCategoryDataset dataset = new DefaultCategoryDataset();
        figures.forEach((utility, series) -> series.forEach((cause, count) -> dataset.addValue(count, cause, utility)));
        JFreeChart chart = ChartFactory.createStackedBarChart(title, "utility", "exits and fallbacks", dataset,
                PlotOrientation.VERTICAL, true, true, false);
        CategoryPlot plot = chart.getCategoryPlot();
        plot.getDomainAxis().setCategoryLabelPositions(CategoryLabelPositions.UP_45);
        plot.getRangeAxis().setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        return chart;
    }

    /** @return the line of {@code runs}' fallbacks, x the run's ordinal among them (1 = oldest) */
    public static JFreeChart fallbacksOverRuns(List<UtilityRun> runs, String utility) {
        XYSeries fallbacks = new XYSeries(ExitFigures.FALLBACKS);
        for (int i = 0; i < runs.size(); i++) {
            fallbacks.add(i + 1, runs.get(i).getFallbacks());
        }
        JFreeChart chart = ChartFactory.createXYLineChart(utility == null ? "Fallbacks" : "Fallbacks of " + utility,
                "run", "fallbacks", new XYSeriesCollection(fallbacks), PlotOrientation.VERTICAL, true, true, false);
        XYPlot plot = chart.getXYPlot();
        plot.getDomainAxis().setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        plot.getRangeAxis().setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        return chart;
    }

    /**
     * Draws {@code reference}'s figure for each utility that has a bar as a marker beside it (a
     * second dataset on the same axes); utilities the reference lacks get none.
     */
    public static void overlay(JFreeChart exitsByUtility, ReferenceSeries reference) {
        CategoryPlot plot = exitsByUtility.getCategoryPlot();
        DefaultCategoryDataset dataset = new DefaultCategoryDataset();
        for (Object utility : plot.getDataset().getColumnKeys()) {
            Double exits = reference.exitsByUtility().get(utility);
            if (exits != null) {
                dataset.addValue(exits, reference.name(), (String) utility);
            }
        }
        plot.setDataset(1, dataset);
        plot.setRenderer(1, new LineAndShapeRenderer(false, true));
        plot.setDatasetRenderingOrder(DatasetRenderingOrder.FORWARD);
    }

    /** Marks {@code utility}'s bar (the run chosen in the Runs view); {@code null} clears the mark. */
    public static void highlight(JFreeChart exitsByUtility, String utility) {
        CategoryPlot plot = exitsByUtility.getCategoryPlot();
        plot.clearDomainMarkers();
        if (utility != null && plot.getDataset().getColumnKeys().contains(utility)) {
            CategoryMarker marker = new CategoryMarker(utility, HIGHLIGHT, new BasicStroke(1f));
            marker.setDrawAsLine(false);
            plot.addDomainMarker(marker);
        }
    }

    /** Marks the run at {@code ordinal} (1 = oldest) on the line; 0 clears the mark. */
    public static void highlight(JFreeChart fallbacksOverRuns, int ordinal) {
        XYPlot plot = fallbacksOverRuns.getXYPlot();
        plot.clearDomainMarkers();
        if (ordinal > 0) {
            plot.addDomainMarker(new ValueMarker(ordinal, HIGHLIGHT, new BasicStroke(6f)));
        }
    }
}
