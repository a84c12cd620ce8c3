package dev.anneal.samples.plot;

import dev.anneal.runtime.folder.AtomicFiles;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Line charts of the samples (learning rates, losses, accuracy), saved as PNG (drawn with XChart) or
 * SVG (one polyline a line, text as text: a few KB): titled axes, a legend, light grid, optionally a
 * logarithmic y axis. Lines of more points than the chart has pixel columns are drawn at the chart's
 * resolution ({@link LineChart#atResolution}), so a run of 500,000 steps draws as fast as one of 500.
 *
 * <pre>{@code
 * LineChart chart = Charts.lines("Learning rate", "step", "lr", List.of(series), false);
 * Charts.save(chart, Path.of("lr.png"));      // or lr.svg
 * }</pre>
 */
public final class Charts {
    /** Width of a chart in pixels. */
    public static final int WIDTH = 900;
    /** Height of a chart in pixels. */
    public static final int HEIGHT = 500;

    private static final Color[] COLORS = {
        new Color(0x1F77B4), new Color(0xD62728), new Color(0x2CA02C), new Color(0xFF7F0E),
        new Color(0x9467BD), new Color(0x8C564B), new Color(0xE377C2), new Color(0x7F7F7F)
    };
    /** The colour of {@link Series#background} lines. */
    private static final Color BACKGROUND = new Color(0xB8B8B8);
    /** Characters of a legend line: XChart cuts legend text wider than 45% of the chart. */
    static final int LEGEND_LINE = 55;
    /** Above this many points, x ticks are round numbers rather than data points. */
    private static final int DENSE = 30;
    /** Solid, dashed, dotted...: lines that lie on each other stay visible. */
    private static final float[][] DASHES = {null, {10f, 6f}, {2f, 5f}, {14f, 5f, 2f, 5f}};

    static {
        System.setProperty("java.awt.headless", "true");
    }

    private Charts() {
    }

    /**
     * A chart of {@code series}. With {@code logY}, points with {@code y <= 0} (which a log axis
     * cannot show) are left out.
     */
    public static LineChart lines(String title, String xTitle, String yTitle, List<Series> series, boolean logY) {
        return new LineChart(title, xTitle, yTitle, series, logY);
    }

    /**
     * Draws a small chart into memory, so that the first real PNG does not pay for loading Java2D's
     * fonts and text shaping (see {@code Prewarm}).
     */
    public static void prepare() {
        XYChart chart = xchart(lines("warm", "x", "y", List.of(new Series("warm", new double[] {0, 1},
                new double[] {0, 1})), false));
        try {
            BitmapEncoder.saveBitmap(chart, OutputStream.nullOutputStream(), BitmapEncoder.BitmapFormat.PNG);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code line} as XChart draws it, at the chart's resolution. */
    private static XYChart xchart(LineChart lines) {
        LineChart shown = lines.atResolution(WIDTH);
        List<Series> series = shown.series();
        boolean logY = shown.logY();
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(shown.title())
                .xAxisTitle(shown.xTitle()).yAxisTitle(logY ? shown.yTitle() + " (log scale)" : shown.yTitle()).build();
        style(chart.getStyler(), logY);
        int legendText = series.stream().filter(s -> !s.background())
                .mapToInt(s -> Math.min(s.name().length(), LEGEND_LINE)).sum();
        chart.getStyler().setLegendLayout(legendText > LEGEND_LINE * 3 / 2 ? Styler.LegendLayout.Vertical
                : Styler.LegendLayout.Horizontal);
        int shade = 0;
        for (Series s : series) {
            double[] x = s.x();
            double[] y = logY ? positive(s.y()) : s.y();
            if (x.length > DENSE) {
                // XChart labels an axis of equally spaced x at data points (0, 0.8, 1.6... for steps of
                // 1/25 epoch); a blank point half a spacing before the first breaks the spacing, so the
                // axis gets round ticks
                x = prepend(x[0] - (x[1] - x[0]) / 2, x);
                y = prepend(Double.NaN, y);
            }
            XYSeries line = chart.addSeries(s.background() ? s.name() : wrap(s.name()), x, y);
            if (s.background()) {
                line.setLineColor(BACKGROUND);
                line.setLineStyle(new BasicStroke(1.2f));
                line.setShowInLegend(false);
                line.setMarker(SeriesMarkers.NONE);
                continue;
            }
            int i = shade++;
            line.setLineColor(COLORS[i % COLORS.length]);
            float[] dash = DASHES[i % DASHES.length];
            line.setLineStyle(dash == null ? new BasicStroke(2f)
                    : new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f, dash, 0f));
            line.setMarker(s.markers() ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
            line.setMarkerColor(COLORS[i % COLORS.length]);
        }
        return chart;
    }

    /** The samples' look (white, light grid, legend below, short tick labels) on {@code styler}; {@code logY} for a log y axis. */
    public static void style(org.knowm.xchart.style.XYStyler styler, boolean logY) {
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setPlotBackgroundColor(Color.WHITE);
        styler.setPlotBorderColor(new Color(0xB0B0B0));
        styler.setPlotGridLinesColor(new Color(0xE4E4E4));
        styler.setChartTitleBoxVisible(false);
        styler.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        styler.setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
        styler.setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        styler.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        styler.setLegendPosition(Styler.LegendPosition.OutsideS);
        styler.setLegendBorderColor(new Color(0xB0B0B0));
        styler.setLegendSeriesLineLength(28);
        styler.setMarkerSize(6);
        styler.setLocale(Locale.ROOT);
        styler.setYAxisLogarithmic(logY);
        styler.setYAxisTickLabelsFormattingFunction(Charts::tickLabel);
    }

    /** A legend text in lines of at most {@value #LEGEND_LINE} characters, broken at spaces. */
    static String wrap(String text) {
        StringBuilder out = new StringBuilder();
        int lineStart = 0;
        for (String word : text.split(" ")) {
            if (out.length() > lineStart && out.length() - lineStart + 1 + word.length() > LEGEND_LINE) {
                out.append('\n');
                lineStart = out.length();
            } else if (out.length() > lineStart) {
                out.append(' ');
            }
            out.append(word);
        }
        return out.toString();
    }

    private static double[] prepend(double first, double[] rest) {
        double[] out = new double[rest.length + 1];
        out[0] = first;
        System.arraycopy(rest, 0, out, 1, rest.length);
        return out;
    }

    /** The points a log axis can show: {@code y <= 0} become gaps. */
    private static double[] positive(double[] y) {
        double[] out = y.clone();
        for (int i = 0; i < out.length; i++) {
            if (!(out[i] > 0)) {
                out[i] = Double.NaN;
            }
        }
        return out;
    }

    /** Short tick labels: {@code 0.05}, {@code 1e-4}, {@code 2.5e-6}. */
    public static String tickLabel(double v) {
        if (v == 0) {
            return "0";
        }
        double magnitude = Math.abs(v);
        if (magnitude >= 1e-3 && magnitude < 1e5) {
            return new java.math.BigDecimal(String.format(Locale.ROOT, "%.6g", v)).stripTrailingZeros().toPlainString();
        }
        String[] parts = String.format(Locale.ROOT, "%.3e", v).split("e");
        String mantissa = new java.math.BigDecimal(parts[0]).stripTrailingZeros().toPlainString();
        return mantissa + "e" + Integer.parseInt(parts[1]);
    }

    /**
     * Writes {@code chart} to {@code file} as PNG or SVG, chosen by the file's extension; the file appears whole
     * (a temporary file renamed into place).
     *
     * @throws IllegalArgumentException for another extension
     * @throws UncheckedIOException     when the file cannot be written
     */
    public static void save(LineChart chart, Path file) {
        if (isPng(file)) {
            save(xchart(chart), file);
            return;
        }
        try {
            AtomicFiles.write(file, SvgChart.of(chart).getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    private static boolean isPng(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (!name.endsWith(".png") && !name.endsWith(".svg")) {
            throw new IllegalArgumentException("chart file must end in .png or .svg, got " + file);
        }
        return name.endsWith(".png");
    }

    /**
     * Writes an XChart chart of one's own making (as the range test's, with its marks) to
     * {@code file} as PNG or SVG, chosen by the file's extension.
     *
     * @throws IllegalArgumentException for another extension
     * @throws UncheckedIOException     when the file cannot be written
     */
    public static void save(XYChart chart, Path file) {
        boolean png = isPng(file);
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream(1 << 16);
            if (png) {
                BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG);
            } else {
                VectorGraphicsEncoder.saveVectorGraphic(chart, out, VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
            }
            AtomicFiles.write(file, out.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
