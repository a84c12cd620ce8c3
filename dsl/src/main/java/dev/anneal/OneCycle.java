package dev.anneal;

import dev.anneal.graph.Curve;
import dev.anneal.graph.Frame;

/**
 * {@code oneCycle(total=n, maxLr=.., pctStart=0.3, divFactor=25.0, finalDivFactor=1e4,
 * anneal=cos, threePhase=false, baseMomentum=0.85, maxMomentum=0.95)}: the 1cycle policy with
 * PyTorch's OneCycleLR formulas. The learning rate rises from {@code peak / divFactor} to the peak
 * over {@code pctStart} of the cycle, then falls to {@code peak / divFactor / finalDivFactor} (with
 * {@code threePhase}: back to the start value, then down to the minimum), and holds the minimum
 * after the cycle. The peak is {@code maxLr}, or the base when {@code maxLr} is not given. Each phase
 * anneals with {@code end + (start - end) * (1 + cos(pi * pct)) / 2} ({@code cos}) or linearly.
 * {@link #momentum()} gives the matching momentum schedule (the mirror image, between
 * {@code maxMomentum} and {@code baseMomentum}). Without {@code total} the cycle spans the rest of
 * training.
 * <pre>{@code
 * OneCycle lr = Schedule.oneCycle(1000).pctStart(0.25);
 * Schedule momentum = lr.momentum();
 * }</pre>
 *
 * @param total          length of the cycle, {@code >= 2}; null for the rest of training
 * @param maxLr          the peak, {@code > 0}; null for the base
 * @param pctStart       fraction of the cycle spent rising, in {@code [0, 1]}
 * @param divFactor      start value is {@code peak / divFactor}, {@code > 0}
 * @param finalDivFactor minimum is {@code start / finalDivFactor}, {@code > 0}
 * @param anneal         cosine or linear phases
 * @param threePhase     rise, fall back to the start value, then fall to the minimum
 * @param baseMomentum   momentum at the learning-rate peak
 * @param maxMomentum    momentum at the start and end
 */
public record OneCycle(Span total, Double maxLr, double pctStart, double divFactor, double finalDivFactor,
                       Anneal anneal, boolean threePhase, double baseMomentum, double maxMomentum) implements Schedule {

    /** How each phase moves between its end values. */
    public enum Anneal {
        /** Half a cosine. */
        COS,
        /** A straight line. */
        LINEAR
    }

    static final OneCycle DEFAULT = new OneCycle(null, null, 0.3, 25.0, 1e4, Anneal.COS, false, 0.85, 0.95);

    /** Checks the parameters. */
    public OneCycle {
        if (anneal == null) {
            throw new ScheduleException("oneCycle: anneal must be cos or linear, got null");
        }
        String node = "oneCycle(total=" + total + ", maxLr=" + maxLr + ", pctStart=" + Call.num(pctStart) + ")";
        if (total != null && total.amount() < 2) {
            throw ScheduleException.invalid(node, "total", total, ">= 2");
        }
        if (maxLr != null && !(maxLr > 0 && !maxLr.isInfinite())) {
            throw ScheduleException.invalid(node, "maxLr", maxLr, "finite and > 0");
        }
        if (!(pctStart >= 0 && pctStart <= 1)) {
            throw ScheduleException.invalid(node, "pctStart", Call.num(pctStart), "in [0, 1]");
        }
        positive(node, "divFactor", divFactor);
        positive(node, "finalDivFactor", finalDivFactor);
        if (!(baseMomentum >= 0 && baseMomentum <= maxMomentum && Double.isFinite(maxMomentum))) {
            throw new ScheduleException(node + ": momenta must satisfy 0 <= baseMomentum <= maxMomentum, got baseMomentum="
                    + Call.num(baseMomentum) + ", maxMomentum=" + Call.num(maxMomentum));
        }
    }

    private static void positive(String node, String name, double v) {
        if (!(v > 0) || Double.isInfinite(v)) {
            throw ScheduleException.invalid(node, name, Call.num(v), "finite and > 0");
        }
    }

    /** The same cycle over {@code total}. */
    public OneCycle total(Span total) {
        return new OneCycle(total, maxLr, pctStart, divFactor, finalDivFactor, anneal, threePhase, baseMomentum, maxMomentum);
    }

    /** The same cycle peaking at {@code maxLr} instead of the base. */
    public OneCycle maxLr(double maxLr) {
        return new OneCycle(total, maxLr, pctStart, divFactor, finalDivFactor, anneal, threePhase, baseMomentum, maxMomentum);
    }

    /** The same cycle rising over {@code pctStart} of its length. */
    public OneCycle pctStart(double pctStart) {
        return new OneCycle(total, maxLr, pctStart, divFactor, finalDivFactor, anneal, threePhase, baseMomentum, maxMomentum);
    }

    /** The same cycle starting at {@code peak / divFactor}. */
    public OneCycle divFactor(double divFactor) {
        return new OneCycle(total, maxLr, pctStart, divFactor, finalDivFactor, anneal, threePhase, baseMomentum, maxMomentum);
    }

    /** The same cycle ending at {@code start / finalDivFactor}. */
    public OneCycle finalDivFactor(double finalDivFactor) {
        return new OneCycle(total, maxLr, pctStart, divFactor, finalDivFactor, anneal, threePhase, baseMomentum, maxMomentum);
    }

    /** The same cycle with cosine or linear phases. */
    public OneCycle anneal(Anneal anneal) {
        return new OneCycle(total, maxLr, pctStart, divFactor, finalDivFactor, anneal, threePhase, baseMomentum, maxMomentum);
    }

    /** The same cycle in three phases. */
    public OneCycle threePhase(boolean threePhase) {
        return new OneCycle(total, maxLr, pctStart, divFactor, finalDivFactor, anneal, threePhase, baseMomentum, maxMomentum);
    }

    /** The same cycle with other momenta for {@link #momentum()}. */
    public OneCycle momenta(double baseMomentum, double maxMomentum) {
        return new OneCycle(total, maxLr, pctStart, divFactor, finalDivFactor, anneal, threePhase, baseMomentum, maxMomentum);
    }

    /** The momentum that goes with this cycle: down while the learning rate rises, and back. Absolute values. */
    public Schedule momentum() {
        return new OneCycleMomentum(this);
    }

    @Override
    public Span duration() {
        return total;
    }

    @Override
    public Curve curve(Frame frame) {
        return curve(frame, false);
    }

    /** Values: 0 = start (peak / divFactor), 1 = peak, 2 = minimum; for momentum 0 = max, 1 = base. */
    Curve curve(Frame frame, boolean momentum) {
        long n = total == null ? frame.remaining(this, "total") : frame.ticks(total, this, "total");
        double[] ends;
        int[] from;
        int[] to;
        if (threePhase) {
            ends = new double[] {pctStart * n - 1, 2 * pctStart * n - 2, n - 1};
            from = new int[] {0, 1, 0};
            to = new int[] {1, 0, 2};
        } else {
            ends = new double[] {pctStart * n - 1, n - 1};
            from = new int[] {0, 1};
            to = new int[] {1, 2};
        }
        boolean cos = anneal == Anneal.COS;
        Double peakLr = maxLr;
        return (t, base, state) -> {
            double peak = peakLr == null ? base : peakLr;
            double start = 0;
            for (int i = 0; i < ends.length; i++) {
                if (t <= ends[i] || i == ends.length - 1) {
                    double span = ends[i] - start;
                    double pct = span <= 0 ? 1.0 : Math.min(1.0, (t - start) / span);
                    double a = momentum ? momentumValue(from[i]) : lrValue(from[i], peak);
                    double b = momentum ? momentumValue(to[i]) : lrValue(to[i], peak);
                    return cos ? b + (a - b) / 2.0 * (Math.cos(Math.PI * pct) + 1) : (b - a) * pct + a;
                }
                start = ends[i];
            }
            throw new AssertionError("unreachable");
        };
    }

    private double lrValue(int which, double peak) {
        double initial = peak / divFactor;
        return which == 0 ? initial : which == 1 ? peak : initial / finalDivFactor;
    }

    private double momentumValue(int which) {
        return which == 1 ? baseMomentum : maxMomentum;
    }

    @Override
    public String toString() {
        return new Call("oneCycle").opt("total", total).opt("maxLr", maxLr).arg("pctStart", pctStart, 0.3)
                .arg("divFactor", divFactor, 25.0).arg("finalDivFactor", finalDivFactor, 1e4)
                .arg("anneal", anneal, Anneal.COS).arg("threePhase", threePhase, false)
                .arg("baseMomentum", baseMomentum, 0.85).arg("maxMomentum", maxMomentum, 0.95).toString();
    }

    /** {@code oneCycle(...).momentum()}: the momentum of a one-cycle policy (absolute values; the base is ignored). */
    record OneCycleMomentum(OneCycle cycle) implements Schedule {

        @Override
        public Span duration() {
            return cycle.duration();
        }

        @Override
        public Curve curve(Frame frame) {
            return cycle.curve(frame, true);
        }

        @Override
        public String toString() {
            return cycle + ".momentum()";
        }
    }
}
