package dev.anneal.torch;

import dev.anneal.ScheduleException;
import dev.anneal.graph.Curve;
import dev.anneal.graph.Frame;

/**
 * PyTorch's {@code CosineAnnealingLR(optimizer, T_max, eta_min=0, last_epoch=-1)}:
 * {@code lr = eta_min + (base - eta_min) * (1 + cos(pi * e / T_max)) / 2}, continued periodically as
 * PyTorch does (back at the base at {@code 2 * T_max}, down again...). PyTorch updates the lr
 * recursively; this record gives that recursion in closed form, including the step after each trough,
 * which PyTorch re-anchors on the base: when another scheduler has scaled the lr (inside
 * {@link ChainedScheduler} or {@link SequentialLR}) the descending half keeps the scaling and the next
 * rising half has the full amplitude {@code base - eta_min}. {@code T_max = 0} raises
 * {@code ZeroDivisionError} at the first step.
 * <pre>{@code
 * CosineAnnealingLR s = new CosineAnnealingLR(10);   // CosineAnnealingLR(T_max=10)
 * s.compile().lr(10, 0.1);                           // 0.0
 * s.compile().lr(20, 0.1);                           // 0.1
 * }</pre>
 *
 * @param T_max      half the period, in epochs
 * @param eta_min    the value at the troughs (absolute)
 * @param last_epoch -1 for a fresh start; {@code L >= 0} resumes at epoch {@code L + 1} from the closed form
 */
public record CosineAnnealingLR(long T_max, double eta_min, long last_epoch) implements TorchScheduler {

    /** Checks {@code last_epoch} and the construction step. */
    public CosineAnnealingLR {
        if (T_max > Long.MAX_VALUE / 4 || T_max < -(Long.MAX_VALUE / 4)) {
            throw new ScheduleException("CosineAnnealingLR: T_max must be within +-" + Long.MAX_VALUE / 4 + ", got " + T_max);
        }
        Groups.checkLastEpoch("CosineAnnealingLR", last_epoch);
        new Rule(T_max, eta_min, last_epoch).checkConstruction();
    }

    /** {@code CosineAnnealingLR(T_max)}. */
    public CosineAnnealingLR(long T_max) {
        this(T_max, 0.0, -1);
    }

    /** {@code CosineAnnealingLR(T_max, eta_min)}. */
    public CosineAnnealingLR(long T_max, double eta_min) {
        this(T_max, eta_min, -1);
    }

    @Override
    public double base(int group, double lr, Double initialLr) {
        return last_epoch >= 0 ? Groups.initialLr(this, group, lr, initialLr) : lr;
    }

    @Override
    public Curve curve(Frame frame) {
        return recurrence().standalone();
    }

    Recurrence recurrence() {
        return new Rule(T_max, eta_min, last_epoch);
    }

    @Override
    public String toString() {
        return new Text("CosineAnnealingLR").arg("T_max", T_max).arg("eta_min", eta_min, 0.0)
                .arg("last_epoch", last_epoch, -1).toString();
    }

    private static final class Rule extends Recurrence {
        private final long t;
        private final double eta;

        Rule(long tMax, double eta, long lastEpoch) {
            super(lastEpoch);
            this.t = tMax;
            this.eta = eta;
        }

        /** {@code 1 + cos(pi * e / T_max)}. */
        private double c(long e) {
            return 1 + Math.cos(Math.PI * e / t);
        }

        private double closed(long e, double b) {
            if (t == 0) {
                throw Py.zeroDivision("float division by zero");
            }
            return eta + (b - eta) * c(e) / 2;
        }

        /** Whether the step to {@code e} is the one right after a trough ({@code (e - 1 - T) % 2T == 0}). */
        private boolean afterTrough(long e) {
            return Math.floorMod(e - 1 - t, 2 * t) == 0;
        }

        @Override
        double construct(double lr, double b) {
            long e = lastEpoch + 1;
            return e == 0 ? lr : closed(e, b);
        }

        @Override
        double step(double lr, long e, double b) {
            if (e == 0) {
                return lr;
            }
            if (t == 0) {
                throw Py.zeroDivision("integer modulo by zero");
            }
            if (afterTrough(e)) {
                return lr + (b - eta) * (1 - Math.cos(Math.PI / t)) / 2;
            }
            return c(e) / c(e - 1) * (lr - eta) + eta;
        }

        @Override
        double restart(double lr, double b) {
            return closed(0, b);
        }

        @Override
        double run(double lr, long e0, long e, double b) {
            if (e <= e0) {
                return lr;
            }
            if (t == 0) {
                throw Py.zeroDivision("integer modulo by zero");
            }
            long period = 2 * Math.abs(t);
            if (afterTrough(e0 + 1)) {
                // e0 is a trough: the next step adds the full rise to whatever lr is there
                double rise = step(lr, e0 + 1, b);
                if (e <= e0 + period) {
                    return c(e) / c(e0 + 1) * (rise - eta) + eta;
                }
                return closed(e, b);
            }
            long trough = e0 + period - Math.floorMod(e0 - Math.abs(t), period);
            if (e <= trough) {
                return c(e) / c(e0) * (lr - eta) + eta;
            }
            return closed(e, b);
        }
    }
}
