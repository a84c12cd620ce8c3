package dev.anneal;

import dev.anneal.graph.Curve;
import dev.anneal.graph.Frame;
import java.util.Objects;

/**
 * {@code cosineRestarts(t0=n, tMult=1, etaMin=0.0, decay=1.0)}: cosine annealing with warm restarts
 * (SGDR, PyTorch's CosineAnnealingWarmRestarts). Cycle {@code i} lasts {@code t0 * tMult^i}; within
 * it, {@code lr = etaMin + (peak_i - etaMin) * (1 + cos(pi * tCur / T_i)) / 2} with
 * {@code peak_i = base * decay^i}. No duration.
 * <pre>{@code
 * Schedule sgdr = Schedule.cosineRestarts(50).tMult(2).etaMin(1e-5);
 * }</pre>
 *
 * @param t0     length of the first cycle, {@code > 0}
 * @param tMult  growth of each cycle's length, an integer {@code >= 1}
 * @param etaMin value at the bottom of each cycle, {@code >= 0}
 * @param decay  factor of the peak from one cycle to the next, {@code > 0}
 */
public record CosineRestarts(Span t0, long tMult, double etaMin, double decay) implements Schedule {

    /** Checks the parameters. */
    public CosineRestarts {
        Objects.requireNonNull(t0, "t0");
        String node = "cosineRestarts(t0=" + t0 + ", tMult=" + tMult + ", etaMin=" + Call.num(etaMin) + ", decay=" + Call.num(decay) + ")";
        if (t0.amount() == 0) {
            throw ScheduleException.invalid(node, "t0", t0, "> 0");
        }
        if (tMult < 1) {
            throw ScheduleException.invalid(node, "tMult", tMult, "an integer >= 1");
        }
        if (!(etaMin >= 0) || Double.isInfinite(etaMin)) {
            throw ScheduleException.invalid(node, "etaMin", Call.num(etaMin), "finite and >= 0");
        }
        if (!(decay > 0) || Double.isInfinite(decay)) {
            throw ScheduleException.invalid(node, "decay", Call.num(decay), "finite and > 0");
        }
    }

    /** The same restarts with cycles growing by {@code tMult}. */
    public CosineRestarts tMult(long tMult) {
        return new CosineRestarts(t0, tMult, etaMin, decay);
    }

    /** The same restarts down to {@code etaMin}. */
    public CosineRestarts etaMin(double etaMin) {
        return new CosineRestarts(t0, tMult, etaMin, decay);
    }

    /** The same restarts with each peak {@code decay} times the previous one. */
    public CosineRestarts decay(double decay) {
        return new CosineRestarts(t0, tMult, etaMin, decay);
    }

    @Override
    public Span duration() {
        return null;
    }

    @Override
    public Curve curve(Frame frame) {
        long first = frame.ticks(t0, this, "t0");
        if (first == 0) {
            throw ScheduleException.invalid(toString(), "t0", t0, "> 0 once in ticks");
        }
        double lo = etaMin;
        return (t, base, state) -> {
            long start = 0;
            long length = first;
            int cycle = 0;
            if (tMult == 1) {
                cycle = (int) Math.min(Integer.MAX_VALUE, t / first);
                start = t - t % first;
            } else {
                while (t - start >= length) {
                    start += length;
                    length = length > Long.MAX_VALUE / tMult ? Long.MAX_VALUE : length * tMult;
                    cycle++;
                }
            }
            double peak = decay == 1.0 ? base : base * Math.pow(decay, cycle);
            return lo + (peak - lo) * (1 + Math.cos(Math.PI * (t - start) / length)) / 2;
        };
    }

    @Override
    public String toString() {
        return new Call("cosineRestarts").arg("t0", t0).arg("tMult", tMult, 1).arg("etaMin", etaMin, 0.0)
                .arg("decay", decay, 1.0).toString();
    }
}
