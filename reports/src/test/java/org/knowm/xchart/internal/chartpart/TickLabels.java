package org.knowm.xchart.internal.chartpart;

import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/**
 * The tick labels XChart draws on a chart's axes, and where it draws the legend, for tests: XChart computes them while it paints
 * and keeps them on package-private parts of the chart, hence this class in XChart's package (a
 * test-only look at XChart 3.8's internals, pinned in the parent POM).
 */
public final class TickLabels {

    private TickLabels() {
    }

    /** Paints {@code chart} off screen and returns the labels drawn on its x axis. */
    public static List<String> x(Chart<?, ?> chart) {
        paint(chart);
        return drawn(chart.getXAxis(), chart.getXAxis().getBounds().getWidth());
    }

    /** Paints {@code chart} off screen and returns the labels drawn on its y axis. */
    public static List<String> y(Chart<?, ?> chart) {
        paint(chart);
        return drawn(chart.getYAxis(), chart.getYAxis().getBounds().getHeight());
    }

    /** Paints {@code chart} off screen and returns where its legend was drawn. */
    public static Rectangle2D legend(Chart<?, ?> chart) {
        paint(chart);
        return chart.getLegend().getBounds();
    }

    /** The calculator also labels ticks just outside the axis; XChart's AxisTickLabels draws those within it. */
    private static List<String> drawn(Axis<?, ?> axis, double length) {
        List<String> labels = new ArrayList<>();
        AxisTickCalculator ticks = axis.getAxisTickCalculator();
        for (int i = 0; i < ticks.getTickLabels().size(); i++) {
            double at = ticks.getTickLocations().get(i);
            if (ticks.getTickLabels().get(i) != null && at > 0 && at < length) {
                labels.add(ticks.getTickLabels().get(i));
            }
        }
        return labels;
    }

    private static void paint(Chart<?, ?> chart) {
        BufferedImage image = new BufferedImage(chart.getWidth(), chart.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            chart.paint(g, chart.getWidth(), chart.getHeight());
        } finally {
            g.dispose();
        }
    }
}
