package dev.anneal.samples.plot;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A line chart as data: a title, the axes' titles, the lines, and whether the y axis is
 * logarithmic. {@link Charts#save} draws it as PNG or SVG at {@link Charts#WIDTH} x
 * {@link Charts#HEIGHT} pixels.
 *
 * <pre>{@code
 * LineChart chart = Charts.lines("Learning rate", "step", "lr", List.of(series), false);
 * Charts.save(chart, Path.of("lr.svg"));
 * }</pre>
 *
 * @param title  the chart's title
 * @param xTitle the x axis's title
 * @param yTitle the y axis's title
 * @param series the lines, in legend order
 * @param logY   whether the y axis is logarithmic (points with {@code y <= 0} are left out)
 */
public record LineChart(String title, String xTitle, String yTitle, List<Series> series, boolean logY) {

    /** Copies the lines. */
    public LineChart {
        Objects.requireNonNull(title, "title");
        series = List.copyOf(series);
    }

    /**
     * The same chart with each line reduced to what {@code columns} pixel columns can show: where a
     * line has more than two points a column, it keeps, per column, its first, lowest, highest and
     * last point (so its envelope and its gaps are drawn as they are); shorter lines stay whole.
     */
    public LineChart atResolution(int columns) {
        double minX = Double.POSITIVE_INFINITY;
        double maxX = Double.NEGATIVE_INFINITY;
        for (Series s : series) {
            for (double x : s.x()) {
                minX = Math.min(minX, x);
                maxX = Math.max(maxX, x);
            }
        }
        List<Series> reduced = new ArrayList<>();
        for (Series s : series) {
            reduced.add(s.x().length > 2 * columns && maxX > minX ? reduce(s, minX, maxX, columns) : s);
        }
        return new LineChart(title, xTitle, yTitle, reduced, logY);
    }

    private static Series reduce(Series s, double minX, double maxX, int columns) {
        double[] x = s.x();
        double[] y = s.y();
        double[] ox = new double[4 * columns + 2 * x.length / Math.max(1, columns) + 8];
        double[] oy = new double[ox.length];
        int n = 0;
        int i = 0;
        while (i < x.length) {
            if (Double.isNaN(y[i])) {
                if (n > 0 && !Double.isNaN(oy[n - 1])) {
                    ox = grow(ox, n);
                    oy = grow(oy, n);
                    ox[n] = x[i];
                    oy[n++] = Double.NaN;
                }
                i++;
                continue;
            }
            int column = column(x[i], minX, maxX, columns);
            int first = i;
            int low = i;
            int high = i;
            int last = i;
            while (i < x.length && !Double.isNaN(y[i]) && column(x[i], minX, maxX, columns) == column) {
                if (y[i] < y[low]) {
                    low = i;
                }
                if (y[i] > y[high]) {
                    high = i;
                }
                last = i++;
            }
            int[] keep = {first, Math.min(low, high), Math.max(low, high), last};
            for (int k = 0; k < keep.length; k++) {
                if (k > 0 && keep[k] == keep[k - 1]) {
                    continue;
                }
                ox = grow(ox, n);
                oy = grow(oy, n);
                ox[n] = x[keep[k]];
                oy[n++] = y[keep[k]];
            }
        }
        return new Series(s.name(), java.util.Arrays.copyOf(ox, n), java.util.Arrays.copyOf(oy, n), s.markers(),
                s.background());
    }

    private static int column(double x, double minX, double maxX, int columns) {
        return (int) Math.min(columns - 1, Math.floor((x - minX) / (maxX - minX) * columns));
    }

    private static double[] grow(double[] a, int n) {
        return n < a.length ? a : java.util.Arrays.copyOf(a, a.length * 2);
    }
}
