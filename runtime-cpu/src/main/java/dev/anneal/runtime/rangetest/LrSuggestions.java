package dev.anneal.runtime.rangetest;

import java.util.List;

/**
 * fastai's three rules for reading a range test's smoothed loss: {@code valley}, {@code steep} and
 * {@code minimum} (fastai.callback.schedule), on the points after the first tenth of the planned
 * steps (where the average still settles) and before the loss stopped being finite.
 */
final class LrSuggestions {
    /** Fewer usable points than this give no suggestion. */
    static final int MIN_POINTS = 5;

    private final List<LrRangeResult.Point> points;
    private final int from;
    private final int to;

    private LrSuggestions(List<LrRangeResult.Point> points, int from, int to) {
        this.points = points;
        this.from = from;
        this.to = to;
    }

    /** The suggestions for {@code points} of a test planned for {@code steps} steps; empty with too few usable points. */
    static List<LrSuggestion> of(List<LrRangeResult.Point> points, int steps) {
        if (usable(points, steps) < MIN_POINTS) {
            return List.of();
        }
        LrSuggestions s = new LrSuggestions(points, steps / 10, finite(points));
        return List.of(s.valley(), s.steepest(), s.minimumOver10());
    }

    /** How many points the rules read: those after the first tenth of the steps, up to the first loss that is not finite. */
    static int usable(List<LrRangeResult.Point> points, int steps) {
        return Math.max(0, finite(points) - steps / 10);
    }

    private static int finite(List<LrRangeResult.Point> points) {
        int n = 0;
        while (n < points.size() && Double.isFinite(points.get(n).smoothedLoss())) {
            n++;
        }
        return n;
    }

    private double loss(int i) {
        return points.get(from + i).smoothedLoss();
    }

    private int n() {
        return to - from;
    }

    /**
     * fastai's valley: the longest decreasing subsequence of the smoothed loss, and the point half way
     * along it ({@code start + int(len/3) + int(len/6)}, with fastai's {@code start = end - length}).
     */
    private LrSuggestion valley() {
        int n = n();
        int[] lds = new int[n];
        java.util.Arrays.fill(lds, 1);
        int maxStart = 0;
        int maxEnd = 0;
        for (int i = 1; i < n; i++) {
            for (int j = 0; j < i; j++) {
                if (loss(i) < loss(j) && lds[i] < lds[j] + 1) {
                    lds[i] = lds[j] + 1;
                }
                if (lds[maxEnd] < lds[i]) {
                    maxEnd = i;
                    maxStart = maxEnd - lds[maxEnd];
                }
            }
        }
        double sections = (maxEnd - maxStart) / 3.0;
        int idx = Math.max(0, Math.min(maxStart + (int) sections + (int) (sections / 2), n - 1));
        return at(LrSuggestion.Kind.VALLEY, from + idx);
    }

    /** fastai's steep: the point where the next one is lowest relative to the step in {@code log(lr)}. */
    private LrSuggestion steepest() {
        int best = 0;
        double bestSlope = Double.POSITIVE_INFINITY;
        for (int i = 0; i + 1 < n(); i++) {
            LrRangeResult.Point a = points.get(from + i);
            LrRangeResult.Point b = points.get(from + i + 1);
            double slope = (b.smoothedLoss() - a.smoothedLoss()) / (Math.log(b.lr()) - Math.log(a.lr()));
            if (slope < bestSlope) {
                bestSlope = slope;
                best = i;
            }
        }
        return at(LrSuggestion.Kind.STEEPEST, from + best);
    }

    /** fastai's minimum: a tenth of the learning rate where the smoothed loss is lowest; its step is that one. */
    private LrSuggestion minimumOver10() {
        int best = 0;
        for (int i = 1; i < n(); i++) {
            if (loss(i) < loss(best)) {
                best = i;
            }
        }
        LrRangeResult.Point minimum = points.get(from + best);
        return new LrSuggestion(LrSuggestion.Kind.MINIMUM_OVER_10, minimum.lr() / 10, minimum.step(),
                minimum.smoothedLoss());
    }

    private LrSuggestion at(LrSuggestion.Kind kind, int index) {
        LrRangeResult.Point p = points.get(index);
        return new LrSuggestion(kind, p.lr(), p.step(), p.smoothedLoss());
    }
}
