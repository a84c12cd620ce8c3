package dev.anneal.samples.plot;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A {@link LineChart} as SVG text: each line one {@code <polyline>} (one per stretch between gaps),
 * its markers drawn by SVG's own {@code marker-mid}, the text as text. A chart of a few lines is a
 * few KB, whatever the number of points (the chart is reduced to its pixel columns first).
 *
 * <pre>{@code
 * Files.writeString(Path.of("lr.svg"), SvgChart.of(chart));
 * }</pre>
 */
final class SvgChart {
    private static final String[] COLORS = {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b",
        "#e377c2", "#7f7f7f"};
    private static final String[] DASHES = {null, "10 6", "2 5", "14 5 2 5"};
    private static final int LEFT = 80;
    private static final int RIGHT = 24;
    private static final int TOP = 48;
    private static final int LEGEND_ROW = 18;
    private static final double CHAR = 6.6;

    private SvgChart() {
    }

    /** The SVG document of {@code chart}, {@link Charts#WIDTH} x {@link Charts#HEIGHT}. */
    static String of(LineChart chart) {
        int width = Charts.WIDTH;
        int height = Charts.HEIGHT;
        List<List<String>> legendRows = legendRows(chart.series(), width - LEFT - RIGHT);
        int bottom = 56 + LEGEND_ROW * legendRows.size();
        int plotW = width - LEFT - RIGHT;
        int plotH = height - TOP - bottom;
        LineChart shown = chart.atResolution(plotW);
        Axis x = Axis.of(shown.series(), true, false);
        Axis y = Axis.of(shown.series(), false, chart.logY());
        StringBuilder s = new StringBuilder(4096);
        s.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(width).append("\" height=\"")
                .append(height).append("\" viewBox=\"0 0 ").append(width).append(' ').append(height)
                .append("\" font-family=\"sans-serif\" font-size=\"12\">\n");
        s.append("<rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>\n");
        s.append("<defs>");
        for (int i = 0; i < COLORS.length; i++) {
            s.append("<marker id=\"m").append(i).append("\" viewBox=\"0 0 8 8\" refX=\"4\" refY=\"4\" markerWidth=\"7\" ")
                    .append("markerHeight=\"7\" markerUnits=\"userSpaceOnUse\"><circle cx=\"4\" cy=\"4\" r=\"3.5\" fill=\"")
                    .append(COLORS[i]).append("\"/></marker>");
        }
        s.append("</defs>\n");
        text(s, width / 2.0, 28, "middle", "font-size=\"16\" font-weight=\"bold\"", chart.title());
        // grid and tick labels
        s.append("<g stroke=\"#e4e4e4\">");
        for (double t : x.ticks()) {
            double px = LEFT + x.scale(t) * plotW;
            s.append("<line x1=\"").append(f(px)).append("\" y1=\"").append(TOP).append("\" x2=\"").append(f(px))
                    .append("\" y2=\"").append(TOP + plotH).append("\"/>");
        }
        for (double t : y.ticks()) {
            double py = TOP + plotH - y.scale(t) * plotH;
            s.append("<line x1=\"").append(LEFT).append("\" y1=\"").append(f(py)).append("\" x2=\"")
                    .append(LEFT + plotW).append("\" y2=\"").append(f(py)).append("\"/>");
        }
        s.append("</g>\n<rect x=\"").append(LEFT).append("\" y=\"").append(TOP).append("\" width=\"").append(plotW)
                .append("\" height=\"").append(plotH).append("\" fill=\"none\" stroke=\"#b0b0b0\"/>\n");
        for (double t : x.ticks()) {
            text(s, LEFT + x.scale(t) * plotW, TOP + plotH + 16, "middle", null, Charts.tickLabel(t));
        }
        for (double t : y.ticks()) {
            text(s, LEFT - 6, TOP + plotH - y.scale(t) * plotH + 4, "end", null, Charts.tickLabel(t));
        }
        text(s, LEFT + plotW / 2.0, TOP + plotH + 36, "middle", "font-size=\"14\"", chart.xTitle());
        s.append("<text transform=\"translate(18,").append(f(TOP + plotH / 2.0)).append(") rotate(-90)\" ")
                .append("text-anchor=\"middle\" font-size=\"14\">")
                .append(escape(chart.logY() ? chart.yTitle() + " (log scale)" : chart.yTitle())).append("</text>\n");
        // the lines: those in the background first
        for (Series line : shown.series()) {
            if (line.background()) {
                for (String points : stretches(line, x, y, plotW, plotH)) {
                    s.append("<polyline fill=\"none\" stroke=\"#b8b8b8\" stroke-width=\"1.2\" points=\"")
                            .append(points).append("\"/>\n");
                }
            }
        }
        List<Series> front = shown.series().stream().filter(l -> !l.background()).toList();
        for (int i = 0; i < front.size(); i++) {
            Series line = front.get(i);
            for (String points : stretches(line, x, y, plotW, plotH)) {
                s.append("<polyline fill=\"none\" stroke=\"").append(COLORS[i % COLORS.length])
                        .append("\" stroke-width=\"2\" stroke-linejoin=\"round\"");
                String dash = DASHES[i % DASHES.length];
                if (dash != null) {
                    s.append(" stroke-dasharray=\"").append(dash).append('"');
                }
                if (line.markers()) {
                    String m = "url(#m" + (i % COLORS.length) + ")";
                    s.append(" marker-start=\"").append(m).append("\" marker-mid=\"").append(m)
                            .append("\" marker-end=\"").append(m).append('"');
                }
                s.append(" points=\"").append(points).append("\"/>\n");
            }
        }
        // the legend
        int entry = 0;
        for (int row = 0; row < legendRows.size(); row++) {
            double ly = height - bottom + 56 + row * LEGEND_ROW;
            double lx = LEFT;
            for (String name : legendRows.get(row)) {
                String color = COLORS[entry % COLORS.length];
                String dash = DASHES[entry % DASHES.length];
                s.append("<line x1=\"").append(f(lx)).append("\" y1=\"").append(f(ly - 4)).append("\" x2=\"")
                        .append(f(lx + 28)).append("\" y2=\"").append(f(ly - 4)).append("\" stroke=\"").append(color)
                        .append("\" stroke-width=\"2\"").append(dash == null ? "" : " stroke-dasharray=\"" + dash + "\"")
                        .append("/>");
                text(s, lx + 34, ly, "start", null, name);
                lx += legendWidth(name);
                entry++;
            }
        }
        s.append("</svg>\n");
        return s.toString();
    }

    /** The points of {@code line} in pixels, one string per stretch between gaps (NaN, or y <= 0 on a log axis). */
    private static List<String> stretches(Series line, Axis x, Axis y, int plotW, int plotH) {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (int i = 0; i < line.x().length; i++) {
            double v = line.y()[i];
            if (!y.shows(v)) {
                if (current.length() > 0) {
                    out.add(current.toString());
                    current.setLength(0);
                }
                continue;
            }
            if (current.length() > 0) {
                current.append(' ');
            }
            current.append(f(LEFT + x.scale(line.x()[i]) * plotW)).append(',')
                    .append(f(TOP + plotH - y.scale(v) * plotH));
        }
        if (current.length() > 0) {
            out.add(current.toString());
        }
        return out;
    }

    private static List<List<String>> legendRows(List<Series> series, int width) {
        List<List<String>> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        double used = 0;
        for (Series s : series) {
            if (s.background()) {
                continue;
            }
            double w = legendWidth(s.name());
            if (!row.isEmpty() && used + w > width) {
                rows.add(row);
                row = new ArrayList<>();
                used = 0;
            }
            row.add(s.name());
            used += w;
        }
        if (!row.isEmpty()) {
            rows.add(row);
        }
        return rows;
    }

    private static double legendWidth(String name) {
        return 34 + name.length() * CHAR + 18;
    }

    private static void text(StringBuilder s, double x, double y, String anchor, String attributes, String text) {
        s.append("<text x=\"").append(f(x)).append("\" y=\"").append(f(y)).append('"');
        if (!anchor.equals("start")) {
            s.append(" text-anchor=\"").append(anchor).append('"');
        }
        if (attributes != null) {
            s.append(' ').append(attributes);
        }
        s.append('>').append(escape(text)).append("</text>\n");
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static String f(double v) {
        String t = String.format(Locale.ROOT, "%.1f", v);
        return t.endsWith(".0") ? t.substring(0, t.length() - 2) : t;
    }

    /** An axis: its range, its ticks, and where a value falls on it (0 at one end, 1 at the other). */
    private record Axis(double min, double max, boolean log, List<Double> ticks) {

        static Axis of(List<Series> series, boolean horizontal, boolean log) {
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            for (Series s : series) {
                for (double v : horizontal ? s.x() : s.y()) {
                    if (Double.isFinite(v) && (!log || v > 0)) {
                        min = Math.min(min, v);
                        max = Math.max(max, v);
                    }
                }
            }
            if (min > max) {
                min = log ? 0.1 : 0;
                max = 1;
            }
            if (log) {
                double lo = Math.pow(10, Math.floor(Math.log10(min)));
                double hi = Math.pow(10, Math.ceil(Math.log10(max)));
                if (hi <= lo) {
                    hi = lo * 10;
                }
                List<Double> ticks = new ArrayList<>();
                int decades = (int) Math.round(Math.log10(hi / lo));
                int step = Math.max(1, (int) Math.ceil(decades / 8.0));
                for (int d = 0; d <= decades; d += step) {
                    ticks.add(lo * Math.pow(10, d));
                }
                return new Axis(lo, hi, true, ticks);
            }
            if (max == min) {
                double pad = max == 0 ? 1 : Math.abs(max) * 0.1;
                min -= pad;
                max += pad;
            } else if (!horizontal) {
                double pad = (max - min) * 0.05;
                min -= pad;
                max += pad;
            }
            double step = niceStep((max - min) / 6);
            double first = Math.ceil(min / step - 1e-9) * step;
            List<Double> ticks = new ArrayList<>();
            for (double t = first; t <= max + step * 1e-9; t += step) {
                ticks.add(Math.abs(t) < step * 1e-9 ? 0.0 : t);
            }
            return new Axis(min, max, false, ticks);
        }

        private static double niceStep(double raw) {
            double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
            double r = raw / magnitude;
            return (r <= 1 ? 1 : r <= 2 ? 2 : r <= 2.5 ? 2.5 : r <= 5 ? 5 : 10) * magnitude;
        }

        boolean shows(double v) {
            return Double.isFinite(v) && (!log || v > 0);
        }

        double scale(double v) {
            return log ? Math.log10(v / min) / Math.log10(max / min) : (v - min) / (max - min);
        }
    }
}
