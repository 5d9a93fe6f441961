package dev.seunit.allure.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import org.apiguardian.api.API;

import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

import dev.seunit.campaign.CampaignResult;
import dev.seunit.campaign.InjectionRecord;
import dev.seunit.campaign.LayerDeviation;
import dev.seunit.campaign.Outcome;
import dev.seunit.campaign.OutcomeCounts;
import dev.seunit.stats.Rate;

/** The report's charts, drawn with XChart into PNG bytes (headless). */
@API(status = INTERNAL, since = "0.1")
public final class Charts {

    static {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    private static final int WIDTH = 900;
    private static final int HEIGHT = 500;

    /**
     * Axis patterns for people: a rate as a percentage with the decimals its ticks need (no
     * "0.0%" repeated over an axis of 0.05% steps, which XChart then leaves unlabelled), a count
     * or speed grouped by thousands with at most three decimals.
     */
    static final String RATE_AXIS = "0.###%";
    static final String NUMBER_AXIS = "#,##0.###";

    /** One colour per outcome, from harmless (green) to detected (purple). */
    private static final Color[] OUTCOME_COLORS = {new Color(0x4caf50), new Color(0x8bc34a), new Color(0xffb300),
        new Color(0xe53935), new Color(0x6a1b9a)};

    private Charts() {
    }

    /** A point of a comparison across variants: the failure rate with its interval, and throughput. */
    public record VariantPoint(String variant, Rate failureRate, double inputsPerSecond) {
    }

    /** Whether {@code points} make a comparison: charts across variants need two variants at least. */
    public static boolean comparesVariants(List<VariantPoint> points) {
        return points.size() >= 2;
    }

    /** Share of each outcome per key (bit position, layer), stacked to 100%, keys in the map's order. */
    public static <K> byte[] outcomesBy(String title, String axis, Map<K, OutcomeCounts> groups) {
        return png(outcomesByChart(title, axis, groups));
    }

    static <K> CategoryChart outcomesByChart(String title, String axis, Map<K, OutcomeCounts> groups) {
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(axis)
                .yAxisTitle("share of injections").build();
        style(chart);
        chart.getStyler().setStacked(true);
        chart.getStyler().setYAxisMax(1.0);
        chart.getStyler().setYAxisDecimalPattern("0%");
        chart.getStyler().setXAxisLabelRotation(groups.size() > 8 ? 45 : 0);
        chart.getStyler().setSeriesColors(OUTCOME_COLORS);
        List<String> keys = new ArrayList<>();
        groups.keySet().forEach(k -> keys.add(String.valueOf(k)));
        if (keys.isEmpty()) {
            keys.add("(none)");
        }
        for (Outcome o : Outcome.values()) {
            List<Double> shares = new ArrayList<>();
            for (OutcomeCounts c : groups.values()) {
                shares.add(c.total() == 0 ? 0.0 : (double) c.count(o) / c.total());
            }
            if (shares.isEmpty()) {
                shares.add(0.0);
            }
            chart.addSeries(o.name(), keys, shares);
        }
        return chart;
    }

    /**
     * Histogram of |value| at the faulted sites, all injections and those that failed, with the
     * {@code [1, 2)} band marked: there a flip of the float32 MSB turns the value into Inf or NaN.
     */
    public static byte[] magnitudeHistogram(CampaignResult result) {
        return png(magnitudeHistogramChart(result));
    }

    static XYChart magnitudeHistogramChart(CampaignResult result) {
        List<Double> all = new ArrayList<>();
        List<Double> failed = new ArrayList<>();
        double max = 2.5;
        for (InjectionRecord r : result.records()) {
            double v = Math.abs(r.valueBefore());
            if (Double.isFinite(v)) {
                all.add(v);
                if (r.outcome().isFailure()) {
                    failed.add(v);
                }
                max = Math.max(max, v);
            }
        }
        int bins = 50;
        double width = max / bins;
        double[] x = new double[bins];
        double[] countAll = new double[bins];
        double[] countFailed = new double[bins];
        for (int i = 0; i < bins; i++) {
            x[i] = (i + 0.5) * width;
        }
        all.forEach(v -> countAll[Math.min(bins - 1, (int) (v / width))]++);
        failed.forEach(v -> countFailed[Math.min(bins - 1, (int) (v / width))]++);
        double top = 1;
        for (double c : countAll) {
            top = Math.max(top, c);
        }
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT)
                .title("Magnitude of the faulted values (" + all.size() + " injections)").xAxisTitle("|x| before the fault")
                .yAxisTitle("injections").build();
        style(chart);
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Area);
        XYSeries band = chart.addSeries("[1, 2): MSB flip gives Inf/NaN", new double[] {1, 1, 2, 2},
                new double[] {0, top * 1.05, top * 1.05, 0});
        band.setFillColor(new Color(255, 152, 0, 70));
        band.setLineColor(new Color(255, 152, 0));
        band.setMarker(SeriesMarkers.NONE);
        XYSeries a = chart.addSeries("all injections", x, countAll);
        a.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Step);
        a.setLineColor(new Color(0x1e88e5));
        a.setFillColor(new Color(30, 136, 229, 120));
        a.setMarker(SeriesMarkers.NONE);
        XYSeries f = chart.addSeries("SDC, CRITICAL or DUE", x, countFailed);
        f.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Step);
        f.setLineColor(new Color(0xe53935));
        f.setFillColor(new Color(229, 57, 53, 150));
        f.setMarker(SeriesMarkers.NONE);
        chart.getStyler().setXAxisMin(0.0);
        chart.getStyler().setXAxisDecimalPattern(max < 1e6 ? NUMBER_AXIS : "0.##E0");
        chart.getStyler().setYAxisDecimalPattern(NUMBER_AXIS);
        return chart;
    }

    /** How far each layer's output strayed from golden under one fault. */
    public static byte[] errorPropagation(String scenario, List<LayerDeviation> deviations) {
        return png(errorPropagationChart(scenario, deviations));
    }

    static CategoryChart errorPropagationChart(String scenario, List<LayerDeviation> deviations) {
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT)
                .title("Error propagation: " + abbreviate(scenario, 80)).xAxisTitle("layer (execution order)")
                .yAxisTitle("share of output elements changed").build();
        style(chart);
        chart.getStyler().setYAxisDecimalPattern("0%");
        chart.getStyler().setYAxisMin(0.0);
        chart.getStyler().setYAxisMax(1.0);
        chart.getStyler().setXAxisLabelRotation(deviations.size() > 6 ? 45 : 0);
        List<String> layers = new ArrayList<>();
        List<Double> changed = new ArrayList<>();
        List<Double> nonFinite = new ArrayList<>();
        for (LayerDeviation d : deviations) {
            layers.add(d.layer());
            changed.add(d.changedShare());
            nonFinite.add(d.elements() == 0 ? 0.0 : (double) d.nonFinite() / d.elements());
        }
        if (layers.isEmpty()) {
            layers.add("(not traceable)");
            changed.add(0.0);
            nonFinite.add(0.0);
        }
        CategorySeries c = chart.addSeries("changed", layers, changed);
        c.setFillColor(new Color(0x1e88e5));
        CategorySeries n = chart.addSeries("non-finite", layers, nonFinite);
        n.setFillColor(new Color(0x6a1b9a));
        return chart;
    }

    /** The failure rate of each variant with its Clopper-Pearson interval. */
    public static byte[] rateAcrossVariants(String title, List<VariantPoint> points) {
        return png(rateAcrossVariantsChart(title, points));
    }

    static XYChart rateAcrossVariantsChart(String title, List<VariantPoint> points) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(heightWithLegendOf(points.size())).title(title)
                .xAxisTitle("variant (see legend)").yAxisTitle("SDC + CRITICAL + DUE rate").build();
        style(chart);
        chart.getStyler().setLegendLayout(Styler.LegendLayout.Vertical);
        chart.getStyler().setYAxisDecimalPattern(RATE_AXIS);
        chart.getStyler().setXAxisDecimalPattern("0");
        chart.getStyler().setXAxisMin(0.5);
        chart.getStyler().setXAxisMax(points.size() + 0.5);
        chart.getStyler().setYAxisMin(0.0);
        chart.getStyler().setXAxisTickMarkSpacingHint(200);
        int i = 1;
        for (VariantPoint p : points) {
            Rate r = p.failureRate();
            XYSeries s = chart.addSeries(i + ": " + p.variant() + " " + percent(r.estimate()) + " [" + percent(r.lower())
                    + ", " + percent(r.upper()) + "]", new double[] {i, i, i},
                    new double[] {r.lower(), r.estimate(), r.upper()});
            s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
            s.setMarker(SeriesMarkers.DIAMOND);
            i++;
        }
        return chart;
    }

    /** Robustness against speed: each variant's failure rate (with interval) over its throughput. */
    public static byte[] robustnessVsThroughput(List<VariantPoint> points) {
        return png(robustnessVsThroughputChart(points));
    }

    static XYChart robustnessVsThroughputChart(List<VariantPoint> points) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(heightWithLegendOf(points.size()))
                .title("Robustness vs throughput").xAxisTitle("fault-free inputs per second")
                .yAxisTitle("SDC + CRITICAL + DUE rate").build();
        style(chart);
        chart.getStyler().setLegendLayout(Styler.LegendLayout.Vertical);
        chart.getStyler().setYAxisDecimalPattern(RATE_AXIS);
        chart.getStyler().setXAxisDecimalPattern(NUMBER_AXIS);
        chart.getStyler().setYAxisMin(0.0);
        double lo = Double.MAX_VALUE;
        double hi = 0;
        for (VariantPoint p : points) {
            lo = Math.min(lo, p.inputsPerSecond());
            hi = Math.max(hi, p.inputsPerSecond());
        }
        // at least 5% of the speed on each side: close speeds do not make an axis of hundredths
        double pad = Math.max(Math.max((hi - lo) * 0.15, hi * 0.05), 1e-3);
        chart.getStyler().setXAxisMin(Math.max(0, lo - pad));
        chart.getStyler().setXAxisMax(hi + pad);
        for (VariantPoint p : points) {
            Rate r = p.failureRate();
            double x = p.inputsPerSecond();
            XYSeries s = chart.addSeries(p.variant() + String.format(Locale.ROOT, " (%.0f/s)", x),
                    new double[] {x, x, x}, new double[] {r.lower(), r.estimate(), r.upper()});
            s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
            s.setMarker(SeriesMarkers.CIRCLE);
        }
        if (points.isEmpty()) {
            chart.addSeries("(no throughput measured)", new double[] {0}, new double[] {0});
        }
        return chart;
    }

    /**
     * Charts across variants list one legend line per variant (a variant's name and its rate do
     * not fit side by side on one line): the chart grows with them, keeping the plot's height.
     */
    private static int heightWithLegendOf(int entries) {
        return HEIGHT + 20 * Math.max(0, entries - 1);
    }

    private static void style(Chart<?, ?> chart) {
        Styler styler = chart.getStyler();
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setLegendPosition(Styler.LegendPosition.OutsideS);
        styler.setLegendLayout(Styler.LegendLayout.Horizontal);
        styler.setAntiAlias(true);
    }

    private static byte[] png(Chart<?, ?> chart) {
        try {
            return BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot draw " + chart.getTitle(), e);
        }
    }

    static String percent(double rate) {
        return String.format(Locale.ROOT, "%.2f%%", 100 * rate);
    }

    private static String abbreviate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }
}
