package dev.anneal.samples.train;

import dev.anneal.runtime.rangetest.LrRangeResult;
import dev.anneal.runtime.rangetest.LrSuggestion;
import dev.anneal.samples.plot.Charts;
import java.awt.BasicStroke;
import java.awt.Color;
import java.util.List;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.Marker;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The plot of a learning-rate range test: batch loss and smoothed loss against the learning rate on
 * a log axis, each suggestion marked and named with its value in the legend.
 *
 * <pre>{@code
 * Charts.save(LrFindChart.of(result), dir.resolve("lr-find.png"));
 * }</pre>
 */
public final class LrFindChart {
    private static final Color LOSS = new Color(0xB0B0B0);
    private static final Color SMOOTHED = new Color(0x1F77B4);
    private static final Color[] MARKS = {new Color(0xD62728), new Color(0x2CA02C), new Color(0xFF7F0E)};
    private static final Marker[] SHAPES = {SeriesMarkers.CIRCLE, SeriesMarkers.DIAMOND, SeriesMarkers.SQUARE};

    private LrFindChart() {
    }

    /** The chart; the y axis runs from 0 to a little above the smoothed curve's descent, so that a blow-up does not flatten it. */
    public static XYChart of(LrRangeResult result) {
        List<LrRangeResult.Point> points = result.points();
        double[] lr = points.stream().mapToDouble(LrRangeResult.Point::lr).toArray();
        double[] loss = points.stream().mapToDouble(p -> finite(p.loss())).toArray();
        double[] smoothed = points.stream().mapToDouble(p -> finite(p.smoothedLoss())).toArray();
        XYChart chart = new XYChartBuilder().width(Charts.WIDTH).height(Charts.HEIGHT)
                .title("Learning-rate range test: " + EpochTable.lr(result.minLr()) + " to " + EpochTable.lr(result.maxLr())
                        + " in " + result.steps() + " steps")
                .xAxisTitle("learning rate (log scale)").yAxisTitle("training loss").build();
        Charts.style(chart.getStyler(), false);
        chart.getStyler().setXAxisLogarithmic(true);
        chart.getStyler().setXAxisTickLabelsFormattingFunction(Charts::tickLabel);
        chart.getStyler().setYAxisMin(0.0);
        chart.getStyler().setYAxisMax(top(result));
        line(chart.addSeries("batch loss", lr, loss), LOSS, 1f);
        line(chart.addSeries("smoothed loss (EMA, beta 0.98)", lr, smoothed), SMOOTHED, 2.5f);
        List<LrSuggestion> suggestions = result.suggestions();
        for (int i = 0; i < suggestions.size(); i++) {
            LrSuggestion s = suggestions.get(i);
            double at = s.kind() == LrSuggestion.Kind.MINIMUM_OVER_10 ? s.lr() * 10 : s.lr();   // marks the minimum itself
            XYSeries mark = chart.addSeries(s.kind().label() + " " + EpochTable.lr(s.lr()), new double[] {at},
                    new double[] {s.smoothedLoss()});
            mark.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            mark.setMarker(SHAPES[i]);
            mark.setMarkerColor(MARKS[i]);
        }
        chart.getStyler().setMarkerSize(11);
        return chart;
    }

    private static void line(XYSeries series, Color color, float width) {
        series.setLineColor(color);
        series.setLineStyle(new BasicStroke(width));
        series.setMarker(SeriesMarkers.NONE);
    }

    /** 1.4 times the largest smoothed loss up to the lowest one: the rise after the minimum may leave the chart. */
    private static double top(LrRangeResult result) {
        double max = 0;
        double min = Double.POSITIVE_INFINITY;
        double maxBeforeMin = 0;
        for (LrRangeResult.Point p : result.points()) {
            double v = p.smoothedLoss();
            if (Double.isFinite(v)) {
                max = Math.max(max, v);
                if (v < min) {
                    min = v;
                    maxBeforeMin = max;
                }
            }
        }
        return maxBeforeMin > 0 ? 1.4 * maxBeforeMin : 1.0;
    }

    private static double finite(double v) {
        return Double.isFinite(v) ? v : Double.NaN;
    }
}
