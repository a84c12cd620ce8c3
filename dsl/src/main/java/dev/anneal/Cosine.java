package dev.anneal;

import dev.anneal.graph.Curve;
import dev.anneal.graph.Frame;

/**
 * {@code cosine(tMax=n, etaMin=0.0, periodic=false)}: cosine annealing from the base to
 * {@code etaMin} (an absolute value) over {@code tMax}, then {@code etaMin} held:
 * {@code lr(t) = etaMin + (base - etaMin) * (1 + cos(pi * t / tMax)) / 2}. With {@code periodic=true}
 * the formula goes on after {@code tMax}, rising back to the base at {@code 2 * tMax}, as PyTorch's
 * CosineAnnealingLR does. Without {@code tMax} it anneals over the rest of training (the clock's
 * total steps) and has no duration.
 * <pre>{@code
 * Schedule lr = Schedule.cosine(90, 1e-6);
 * Schedule same = Schedule.cosine().tMax(90).etaMin(1e-6);
 * }</pre>
 *
 * @param tMax     length of the descent, {@code > 0}; null for the rest of training
 * @param etaMin   the value at the bottom, {@code >= 0}
 * @param periodic whether to continue the cosine after {@code tMax}
 */
public record Cosine(Span tMax, double etaMin, boolean periodic) implements Schedule {

    /** Checks the parameters. */
    public Cosine {
        String node = "cosine(tMax=" + tMax + ", etaMin=" + Call.num(etaMin) + ")";
        if (tMax != null && tMax.amount() == 0) {
            throw ScheduleException.invalid(node, "tMax", tMax, "> 0");
        }
        if (!(etaMin >= 0) || Double.isInfinite(etaMin)) {
            throw ScheduleException.invalid(node, "etaMin", Call.num(etaMin), "finite and >= 0");
        }
    }

    /** The same cosine over {@code steps}. */
    public Cosine tMax(long steps) {
        return tMax(Span.steps(steps));
    }

    /** The same cosine over {@code tMax}. */
    public Cosine tMax(Span tMax) {
        return new Cosine(tMax, etaMin, periodic);
    }

    /** The same cosine down to {@code etaMin}. */
    public Cosine etaMin(double etaMin) {
        return new Cosine(tMax, etaMin, periodic);
    }

    /** The same cosine, continued periodically after {@code tMax} (PyTorch's behaviour). */
    public Cosine periodic(boolean periodic) {
        return new Cosine(tMax, etaMin, periodic);
    }

    @Override
    public Span duration() {
        return tMax;
    }

    @Override
    public Curve curve(Frame frame) {
        long n = tMax == null ? frame.remaining(this, "tMax") : frame.ticks(tMax, this, "tMax");
        if (n == 0) {
            throw ScheduleException.invalid(toString(), "tMax", tMax, "> 0 once in ticks");
        }
        double lo = etaMin;
        if (periodic) {
            return (t, base, state) -> lo + (base - lo) * (1 + Math.cos(Math.PI * t / n)) / 2;
        }
        return (t, base, state) -> t >= n ? lo : lo + (base - lo) * (1 + Math.cos(Math.PI * t / n)) / 2;
    }

    @Override
    public String toString() {
        return new Call("cosine").opt("tMax", tMax).arg("etaMin", etaMin, 0.0).arg("periodic", periodic, false).toString();
    }
}
