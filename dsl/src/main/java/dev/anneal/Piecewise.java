package dev.anneal;

import dev.anneal.graph.Curve;
import dev.anneal.graph.Frame;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * {@code piecewise(points=[0: 1.0, 100: 0.5, 200: 0.1], interpolation=constant)}: factors of the
 * base given at points in time; between points the factor of the last point passed
 * ({@code constant}) or a straight line to the next ({@code linear}). Before the first point, the
 * first factor; after the last, the last. Its duration is the last point's time.
 * <pre>{@code
 * Schedule lr = Schedule.piecewise().at(0, 1.0).at(100, 0.5).at(200, 0.1).linear();
 * }</pre>
 *
 * @param points        the points, in strictly increasing time
 * @param interpolation how the factor moves between points
 */
public record Piecewise(List<Point> points, Interpolation interpolation) implements Schedule {

    /** A factor of the base at a point in time. */
    public record Point(Span at, double factor) {
        /** Checks the factor. */
        public Point {
            Objects.requireNonNull(at, "at");
            if (!(factor >= 0) || Double.isInfinite(factor)) {
                throw ScheduleException.invalid("piecewise point " + at + ": " + Call.num(factor), "factor", Call.num(factor), "finite and >= 0");
            }
        }

        @Override
        public String toString() {
            return at + ": " + Call.num(factor);
        }
    }

    /** How the factor moves between points. */
    public enum Interpolation {
        /** Steps: the factor of the last point passed. */
        CONSTANT,
        /** Straight lines between points. */
        LINEAR
    }

    /** Checks the points. */
    public Piecewise {
        points = List.copyOf(points);
        Objects.requireNonNull(interpolation, "interpolation");
        for (int i = 1; i < points.size(); i++) {
            Span a = points.get(i - 1).at();
            Span b = points.get(i).at();
            if (a.unit() == b.unit() && a.amount() >= b.amount()) {
                throw ScheduleException.invalid("piecewise(points=" + points + ")", "points", a + " then " + b,
                        "in strictly increasing time");
            }
        }
    }

    /** These points and one more at {@code step}. */
    public Piecewise at(long step, double factor) {
        return at(Span.steps(step), factor);
    }

    /** These points and one more. */
    public Piecewise at(Span at, double factor) {
        List<Point> more = new ArrayList<>(points);
        more.add(new Point(at, factor));
        return new Piecewise(more, interpolation);
    }

    /** The same points joined by straight lines. */
    public Piecewise linear() {
        return new Piecewise(points, Interpolation.LINEAR);
    }

    @Override
    public Span duration() {
        return points.isEmpty() ? null : points.get(points.size() - 1).at();
    }

    @Override
    public Curve curve(Frame frame) {
        if (points.isEmpty()) {
            throw new ScheduleException("piecewise(): needs at least one point, e.g. piecewise(points=[0: 1.0, 100: 0.1])");
        }
        int n = points.size();
        long[] at = new long[n];
        double[] factor = new double[n];
        for (int i = 0; i < n; i++) {
            at[i] = frame.ticks(points.get(i).at(), this, "points");
            factor[i] = points.get(i).factor();
            if (i > 0 && at[i] <= at[i - 1]) {
                throw ScheduleException.invalid(toString(), "points", points, "in strictly increasing time once in steps");
            }
        }
        boolean linear = interpolation == Interpolation.LINEAR;
        return (t, base, state) -> {
            if (t <= at[0]) {
                return base * factor[0];
            }
            if (t >= at[n - 1]) {
                return base * factor[n - 1];
            }
            int lo = 0;
            int hi = n - 1;
            while (lo < hi) {
                int mid = (lo + hi + 1) >>> 1;
                if (at[mid] <= t) {
                    lo = mid;
                } else {
                    hi = mid - 1;
                }
            }
            if (!linear) {
                return base * factor[lo];
            }
            double x = (double) (t - at[lo]) / (at[lo + 1] - at[lo]);
            return base * (factor[lo] + (factor[lo + 1] - factor[lo]) * x);
        };
    }

    @Override
    public String toString() {
        return new Call("piecewise").arg("points", points).arg("interpolation", interpolation, Interpolation.CONSTANT).toString();
    }
}
