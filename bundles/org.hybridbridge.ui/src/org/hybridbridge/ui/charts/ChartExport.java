package org.hybridbridge.ui.charts;

import java.awt.geom.Rectangle2D;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;

import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.svg.SVGGraphics2D;
import org.jfree.svg.SVGUtils;

/**
 * A chart written as PNG (JFreeChart's {@link ChartUtils}) or SVG (JFreeSVG) at a stated size.
 * jfreechart-swt's own Save action calls {@code ChartUtilities}, which JFreeChart 1.5 no longer
 * has, so the view exports through here. Written to a temporary file and moved into place: a
 * failed export leaves no half-written file.
 */
public final class ChartExport {

    private ChartExport() {
    }

    /** Writes {@code chart} to {@code file}: SVG if its name ends in {@code .svg}, PNG otherwise. */
    public static void write(JFreeChart chart, Path file, int width, int height) throws IOException {
        Path temporary = Files.createTempFile(file.toAbsolutePath().getParent(), ".chart-", ".tmp");
        try {
            if (file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".svg")) {
                SVGGraphics2D graphics = new SVGGraphics2D(width, height);
                chart.draw(graphics, new Rectangle2D.Double(0, 0, width, height));
                SVGUtils.writeToSVG(temporary.toFile(), graphics.getSVGElement());
            } else {
                ChartUtils.saveChartAsPNG(temporary.toFile(), chart, width, height);
            }
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }
}
