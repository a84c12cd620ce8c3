package dev.anneal.torch;

import dev.anneal.graph.Curve;
import dev.anneal.graph.Frame;
import java.util.ArrayList;
import java.util.List;

/**
 * PyTorch's {@code CosineAnnealingWarmRestarts(optimizer, T_0, T_mult=1, eta_min=0, last_epoch=-1)}:
 * {@code lr = eta_min + (base - eta_min) * (1 + cos(pi * T_cur / T_i)) / 2}, where {@code T_cur} counts
 * epochs since the last restart and the cycles last {@code T_0, T_0 * T_mult, T_0 * T_mult^2...}
 * epochs. The base is the group's {@code initial_lr}. Resumed ({@code last_epoch = L >= 0}) it starts
 * from {@code T_cur = L}, {@code T_i = T_0} and, as PyTorch, subtracts at most one cycle per step until
 * {@code T_cur < T_i}.
 * <pre>{@code
 * CosineAnnealingWarmRestarts s = new CosineAnnealingWarmRestarts(5, 2, 0.0);   // ...(T_0=5, T_mult=2)
 * s.compile().lr(5, 0.1);                                                        // 0.1 (restart)
 * }</pre>
 *
 * @param T_0        the first cycle's length, {@code > 0}
 * @param T_mult     the growth of the cycles, {@code >= 1}
 * @param eta_min    the value approached at the end of each cycle (absolute)
 * @param last_epoch -1 for a fresh start; {@code L >= 0} resumes at epoch {@code L + 1}
 */
public record CosineAnnealingWarmRestarts(long T_0, long T_mult, double eta_min, long last_epoch)
        implements TorchScheduler {

    /** Checks {@code T_0} and {@code T_mult} as PyTorch does. */
    public CosineAnnealingWarmRestarts {
        if (T_0 <= 0) {
            throw Py.valueError("Expected positive integer T_0, but got " + T_0);
        }
        if (T_mult < 1) {
            throw Py.valueError("Expected integer T_mult >= 1, but got " + T_mult);
        }
        Groups.checkLastEpoch("CosineAnnealingWarmRestarts", last_epoch);
    }

    /** {@code CosineAnnealingWarmRestarts(T_0)}. */
    public CosineAnnealingWarmRestarts(long T_0) {
        this(T_0, 1, 0.0, -1);
    }

    /** {@code CosineAnnealingWarmRestarts(T_0, T_mult, eta_min)}. */
    public CosineAnnealingWarmRestarts(long T_0, long T_mult, double eta_min) {
        this(T_0, T_mult, eta_min, -1);
    }

    @Override
    public double base(int group, double lr, Double initialLr) {
        return Groups.initialLr(this, group, lr, initialLr);
    }

    @Override
    public Curve curve(Frame frame) {
        return recurrence().standalone();
    }

    Recurrence recurrence() {
        return new Rule(T_0, T_mult, eta_min, last_epoch);
    }

    @Override
    public String toString() {
        return new Text("CosineAnnealingWarmRestarts").arg("T_0", T_0).arg("T_mult", T_mult, 1)
                .arg("eta_min", eta_min, 0.0).arg("last_epoch", last_epoch, -1).toString();
    }

    private static final class Rule extends Recurrence {
        private final long t0;
        private final long mult;
        private final double eta;
        /** The first step (0 = construction) after which T_cur < T_i; from there the cycles run regularly. */
        private final long regularFrom;
        private final long regularCur;
        private final double regularLen;
        /** Resumed with T_mult > 1: T_cur and T_i after each step before {@code regularFrom}. */
        private final long[] earlyCur;
        private final long[] earlyLen;

        Rule(long t0, long mult, double eta, long lastEpoch) {
            super(lastEpoch);
            this.t0 = t0;
            this.mult = mult;
            this.eta = eta;
            long from = 0;
            long cur = 0;
            double len = t0;
            List<long[]> early = new ArrayList<>();
            // Resumed, PyTorch starts from T_cur = last_epoch, T_i = T_0 and at each step does T_cur += 1
            // and, if T_cur >= T_i, subtracts T_i once (T_i *= T_mult): a large last_epoch takes several
            // steps to come back within the cycle.
            if (lastEpoch >= 0 && mult == 1) {
                if (t0 == 1) {
                    from = Long.MAX_VALUE;
                } else if (lastEpoch + 1 < t0) {
                    cur = lastEpoch + 1;
                } else {
                    from = Math.max(0, Math.floorDiv(lastEpoch - t0, t0 - 1));
                    cur = lastEpoch + (from + 1) * (1 - t0);
                }
            } else if (lastEpoch >= 0) {
                cur = lastEpoch;
                long l = t0;
                while (true) {
                    cur += 1;
                    if (cur >= l) {
                        cur -= l;
                        if (l > Long.MAX_VALUE / mult) {
                            len = (double) l * mult;
                            break;
                        }
                        l *= mult;
                    }
                    len = l;
                    if (cur < l) {
                        break;
                    }
                    early.add(new long[] {cur, l});
                }
                from = early.size();
            }
            regularFrom = from;
            regularCur = cur;
            regularLen = len;
            earlyCur = early.stream().mapToLong(a -> a[0]).toArray();
            earlyLen = early.stream().mapToLong(a -> a[1]).toArray();
        }

        private double value(long cur, double len, double b) {
            return eta + (b - eta) * (1 + Math.cos(Math.PI * cur / len)) / 2;
        }

        /** The value {@code k} steps after T_cur = cur, T_i = len (cur < len). */
        private double regular(long cur, double len, long k, double b) {
            long c = cur + k;
            if (c < len) {
                return value(c, len, b);
            }
            long l = (long) len;
            if (mult == 1) {
                return value(c % l, len, b);
            }
            c -= l;
            while (true) {
                if (l > Long.MAX_VALUE / mult) {
                    return value(c, (double) l * mult, b);
                }
                l *= mult;
                if (c < l) {
                    return value(c, l, b);
                }
                c -= l;
            }
        }

        /** The value {@code k >= 0} steps after construction (step 0). */
        private double at(long k, double b) {
            if (k >= regularFrom) {
                return regular(regularCur, regularLen, k - regularFrom, b);
            }
            if (mult == 1) {
                return value(t0 == 1 ? lastEpoch : lastEpoch + (k + 1) * (1 - t0), t0, b);
            }
            return value(earlyCur[(int) k], earlyLen[(int) k], b);
        }

        @Override
        double step(double lr, long e, double b) {
            return at(e - lastEpoch - 1, b);
        }

        @Override
        double restart(double lr, double b) {
            return value(0, t0, b);
        }

        @Override
        double run(double lr, long e0, long e, double b) {
            return e <= e0 ? lr : step(lr, e, b);
        }
    }
}
