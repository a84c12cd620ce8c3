package dev.anneal.samples.plot;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.LongToDoubleFunction;

/**
 * A line chart drawn with box-drawing characters, for values at x = 0..count-1: a y-axis labelled at
 * about five round values (its range widened to them), the plot, an x-axis with ticks at round numbers
 * and their labels. Every line is at most {@code width} columns; the chart has {@code height + 2}
 * lines.
 * <pre>{@code
 * TerminalChart.render(step -> graph.lr(step, 0.1), 101, 80, 20).forEach(System.out::println);
 * }</pre>
 * Each column of the plot stands for a run of consecutive x (or one x repeated, when there are fewer
 * x than columns) and spans every value in it, so a narrow spike or a dense oscillation still shows
 * (as a bar, when the values in the column go up and down).
 * Values that are not finite leave a gap.
 */
public final class TerminalChart {
    public static final int MIN_WIDTH = 20;
    public static final int MIN_HEIGHT = 2;
    private static final int Y_TICKS = 5;
    private static final int COLUMNS_PER_X_TICK = 10;

    private final LongToDoubleFunction y;
    private final long count;
    private final int height;
    private final int plotWidth;
    private final double low;
    private final double high;

    private TerminalChart(LongToDoubleFunction y, long count, int height, int plotWidth, double low, double high) {
        this.y = y;
        this.count = count;
        this.height = height;
        this.plotWidth = plotWidth;
        this.low = low;
        this.high = high;
    }

    /**
     * The chart's lines, top to bottom.
     *
     * @param y      the value at each x
     * @param count  how many x, at least 1
     * @param width  columns, at least {@value #MIN_WIDTH}
     * @param height rows of the plot area, at least {@value #MIN_HEIGHT}
     */
    public static List<String> render(LongToDoubleFunction y, long count, int width, int height) {
        if (count < 1 || width < MIN_WIDTH || height < MIN_HEIGHT) {
            throw new IllegalArgumentException("chart needs count >= 1, width >= " + MIN_WIDTH + ", height >= "
                    + MIN_HEIGHT + "; got " + count + ", " + width + ", " + height);
        }
        double[] range = range(y, count);
        double low = range[0];
        double high = range[1];
        BigDecimal step = roundStep((high - low) / (Y_TICKS - 1));
        BigDecimal first = floorTo(low, step);
        BigDecimal last = first;
        while (last.doubleValue() < high) {
            last = last.add(step);
        }
        low = first.doubleValue();
        high = last.doubleValue();
        String[] labels = new String[height];
        int labelWidth = 0;
        double[] offset = new double[height];
        for (BigDecimal tick = first; tick.compareTo(last) <= 0; tick = tick.add(step)) {
            double position = (tick.doubleValue() - low) / (high - low) * (height - 1);
            int row = (int) Math.round(position);
            if (labels[row] == null || Math.abs(position - row) < offset[row]) {
                labels[row] = number(tick);
                offset[row] = Math.abs(position - row);
            }
        }
        for (String label : labels) {
            labelWidth = Math.max(labelWidth, label == null ? 0 : label.length());
        }
        int plotWidth = width - labelWidth - 2;
        if (plotWidth < 1) {
            throw new IllegalArgumentException("chart width " + width + " leaves no room for the plot");
        }
        return new TerminalChart(y, count, height, plotWidth, low, high).lines(labels, labelWidth);
    }

    /** The least and greatest finite values, apart by more than 0 (widened to 0, or to 0..1). */
    private static double[] range(LongToDoubleFunction y, long count) {
        double low = Double.POSITIVE_INFINITY;
        double high = Double.NEGATIVE_INFINITY;
        for (long x = 0; x < count; x++) {
            double v = y.applyAsDouble(x);
            if (Double.isFinite(v)) {
                low = Math.min(low, v);
                high = Math.max(high, v);
            }
        }
        if (low > high) {
            return new double[] {0, 1};
        }
        if (low == high) {
            low = Math.min(low, 0);
            high = Math.max(high, 0);
        }
        return low == high ? new double[] {0, 1} : new double[] {low, high};
    }

    private List<String> lines(String[] labels, int labelWidth) {
        char[][] grid = plot();
        List<String> lines = new ArrayList<>();
        for (int row = height - 1; row >= 0; row--) {
            String label = labels[row] == null ? "" : labels[row];
            String line = " ".repeat(labelWidth - label.length()) + label + " " + (labels[row] == null ? '│' : '┤')
                    + new String(grid[row]);
            lines.add(line.stripTrailing());
        }
        char[] axis = "─".repeat(plotWidth).toCharArray();
        char[] tickLabels = " ".repeat(plotWidth).toCharArray();
        int free = 0;
        long tick = tickSpacing();
        for (long x = 0; x < count; x += tick) {
            int column = columnOf(x);
            axis[column] = '┬';
            String text = Long.toString(x);
            int start = Math.min(Math.max(column - text.length() / 2, 0), plotWidth - text.length());
            if (start >= free && start >= 0) {
                text.getChars(0, text.length(), tickLabels, start);
                free = start + text.length() + 1;
            }
        }
        lines.add(" ".repeat(labelWidth + 1) + "└" + new String(axis));
        lines.add((" ".repeat(labelWidth + 2) + new String(tickLabels)).stripTrailing());
        return lines;
    }

    /** The plot area, row 0 at the bottom. */
    private char[][] plot() {
        char[][] grid = new char[height][plotWidth];
        for (char[] row : grid) {
            Arrays.fill(row, ' ');
        }
        int previousExit = -1;
        for (int column = 0; column < plotWidth; column++) {
            long first = firstX(column);
            long last = Math.max(first, firstX(column + 1) - 1);
            int enter = -1;
            int exit = -1;
            int bottom = Integer.MAX_VALUE;
            int top = Integer.MIN_VALUE;
            for (long x = first; x <= last; x++) {
                double v = y.applyAsDouble(x);
                if (!Double.isFinite(v)) {
                    continue;
                }
                int row = row(v);
                enter = enter < 0 ? row : enter;
                exit = row;
                bottom = Math.min(bottom, row);
                top = Math.max(top, row);
            }
            if (enter < 0) {
                previousExit = -1;
                continue;
            }
            int from = previousExit < 0 ? enter : previousExit;
            bottom = Math.min(bottom, from);
            top = Math.max(top, from);
            boolean monotonic = top == Math.max(from, exit) && bottom == Math.min(from, exit);
            for (int row = bottom; row <= top; row++) {
                grid[row][column] = monotonic ? glyph(row == from, row == exit, row < top, row > bottom) : '│';
            }
            previousExit = exit;
        }
        return grid;
    }

    /** The box-drawing character joining a cell to its left, right, upper and lower neighbours. */
    private static char glyph(boolean left, boolean right, boolean up, boolean down) {
        if (up && down) {
            return left && right ? '┼' : left ? '┤' : right ? '├' : '│';
        }
        if (up) {
            return left && right ? '┴' : left ? '╯' : right ? '╰' : '│';
        }
        if (down) {
            return left && right ? '┬' : left ? '╮' : right ? '╭' : '│';
        }
        return '─';
    }

    private int row(double v) {
        return (int) Math.round((v - low) / (high - low) * (height - 1));
    }

    /** The first x shown in a column (columns share x evenly; with fewer x than columns, x repeat). */
    private long firstX(int column) {
        return column * count / plotWidth;
    }

    /** The first column that shows x. */
    private int columnOf(long x) {
        int column = (int) Math.min(plotWidth - 1, Math.ceilDiv(x * plotWidth, count));
        return firstX(column) > x ? column - 1 : column;
    }

    /**
     * Round spacing (1, 2 or 5 times a power of ten) giving about one tick per ten columns, and at
     * least two ticks when there are two x.
     */
    private long tickSpacing() {
        double rough = (count - 1) / Math.max(1.0, plotWidth / (double) COLUMNS_PER_X_TICK);
        long previous = 1;
        for (long power = 1; ; power *= 10) {
            for (long multiple : new long[] {1, 2, 5}) {
                long spacing = multiple * power;
                if (spacing >= rough) {
                    return spacing > count - 1 && count > 1 ? previous : spacing;
                }
                previous = spacing;
            }
        }
    }

    /** The smallest of 1, 2, 2.5 and 5 times a power of ten that is at least {@code rough}. */
    static BigDecimal roundStep(double rough) {
        BigDecimal power = BigDecimal.ONE.scaleByPowerOfTen((int) Math.floor(Math.log10(rough)));
        for (String multiple : new String[] {"1", "2", "2.5", "5"}) {
            BigDecimal step = power.multiply(new BigDecimal(multiple));
            if (step.doubleValue() >= rough) {
                return step;
            }
        }
        return power.scaleByPowerOfTen(1);
    }

    /** The largest multiple of {@code step} not above {@code value}. */
    private static BigDecimal floorTo(double value, BigDecimal step) {
        return BigDecimal.valueOf(value).divide(step, 0, RoundingMode.FLOOR).multiply(step);
    }

    /** An axis label: plain for 1e-3..1e5, else like {@code 2.5e-6}. */
    static String number(BigDecimal value) {
        if (value.signum() == 0) {
            return "0";
        }
        BigDecimal v = value.stripTrailingZeros();
        int exponent = v.precision() - v.scale() - 1;
        if (exponent >= -3 && exponent < 5) {
            return v.toPlainString();
        }
        return v.movePointLeft(exponent).toPlainString() + "e" + exponent;
    }
}
