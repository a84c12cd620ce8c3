package dev.anneal.torch;

import dev.anneal.Schedule;
import dev.anneal.ScheduleException;
import dev.anneal.Span;
import dev.anneal.graph.Curve;
import dev.anneal.graph.Frame;
import java.util.Objects;

/**
 * PyTorch's {@code OneCycleLR(optimizer, max_lr, total_steps=None, epochs=None, steps_per_epoch=None,
 * pct_start=0.3, anneal_strategy='cos', cycle_momentum=True, base_momentum=0.85, max_momentum=0.95,
 * div_factor=25.0, final_div_factor=1e4, three_phase=False, last_epoch=-1)}: absolute values (PyTorch
 * overwrites the group's lr) rising from {@code max_lr / div_factor} to {@code max_lr} until epoch
 * {@code pct_start * T - 1}, then falling to {@code max_lr / div_factor / final_div_factor} at epoch
 * {@code T - 1} ({@code three_phase}: back to the start value at {@code 2 * pct_start * T - 2}, then to the
 * minimum). Kept from PyTorch: each phase starts at the previous phase's (fractional) end; epoch
 * {@code T} is allowed and extrapolates the last phase (a cosine mirrors back up, a line goes on below
 * the minimum); epoch {@code T + 1} raises {@code ValueError("Tried to step T+2 times...")}; a phase of
 * length 0 ({@code pct_start * T == 1}) raises {@code ZeroDivisionError} at construction.
 * {@link #momentum()} gives the momentum PyTorch writes into the group.
 * <pre>{@code
 * OneCycleLR s = OneCycleLR.of(0.1, 100L);   // OneCycleLR(max_lr=0.1, total_steps=100)
 * s.compile().lr(29, 1.0);                   // 0.1 (the base passed in is not used)
 * }</pre>
 *
 * @param max_lr           the peak
 * @param total_steps      the cycle's length T, or null to use {@code epochs * steps_per_epoch}
 * @param epochs           with {@code steps_per_epoch}, the length when {@code total_steps} is null
 * @param steps_per_epoch  see {@code epochs}
 * @param pct_start        the fraction of the cycle spent rising, a float in {@code [0, 1]}
 * @param anneal_strategy  {@code cos} or {@code linear}
 * @param cycle_momentum   whether momentum cycles inversely
 * @param base_momentum    momentum at the peak
 * @param max_momentum     momentum at the start and the end
 * @param div_factor       start value is {@code max_lr / div_factor}
 * @param final_div_factor minimum is {@code start / final_div_factor}
 * @param three_phase      rise, fall back to the start value, fall to the minimum
 * @param last_epoch       -1 for a fresh start; {@code L >= 0} resumes at epoch {@code L + 1}
 */
public record OneCycleLR(double max_lr, Long total_steps, Long epochs, Long steps_per_epoch, double pct_start,
                         String anneal_strategy, boolean cycle_momentum, double base_momentum, double max_momentum,
                         double div_factor, double final_div_factor, boolean three_phase, long last_epoch)
        implements TorchScheduler {

    /** Checks the parameters in PyTorch's order (before its lists of per-group values). */
    public OneCycleLR {
        Objects.requireNonNull(anneal_strategy, "anneal_strategy");
        long total = totalSteps(total_steps, epochs, steps_per_epoch);
        checkShape(pct_start, anneal_strategy);
        Groups.checkLastEpoch("OneCycleLR", last_epoch);
        new Rule(max_lr, total, pct_start, anneal_strategy, base_momentum, max_momentum, div_factor, final_div_factor,
                three_phase, last_epoch).checkConstruction();
    }

    /** {@code OneCycleLR(max_lr, total_steps)} with PyTorch's defaults; set the others with the withers. */
    public static OneCycleLR of(double max_lr, Long total_steps) {
        return new OneCycleLR(max_lr, total_steps, null, null, 0.3, "cos", true, 0.85, 0.95, 25.0, 1e4, false, -1);
    }

    /** The cycle's length: {@code total_steps}, else {@code epochs * steps_per_epoch}, checked as PyTorch does. */
    static long totalSteps(Long total_steps, Long epochs, Long steps_per_epoch) {
        if (total_steps == null && epochs == null && steps_per_epoch == null) {
            throw Py.valueError("You must define either total_steps OR (epochs AND steps_per_epoch)");
        }
        if (total_steps != null) {
            if (total_steps <= 0) {
                throw Py.valueError("Expected positive integer total_steps, but got " + total_steps);
            }
            return total_steps;
        }
        String noneCompared = "'<=' not supported between instances of 'NoneType' and 'int'";
        if (epochs == null) {
            throw Py.typeError(noneCompared);
        }
        if (epochs <= 0) {
            throw Py.valueError("Expected positive integer epochs, but got " + epochs);
        }
        if (steps_per_epoch == null) {
            throw Py.typeError(noneCompared);
        }
        if (steps_per_epoch <= 0) {
            throw Py.valueError("Expected positive integer steps_per_epoch, but got " + steps_per_epoch);
        }
        if (epochs > Long.MAX_VALUE / steps_per_epoch) {
            throw new ScheduleException("OneCycleLR: epochs * steps_per_epoch = " + epochs + " * " + steps_per_epoch
                    + " is more steps than Anneal counts (" + Long.MAX_VALUE + ")");
        }
        return epochs * steps_per_epoch;
    }

    /** PyTorch's checks of {@code pct_start} and {@code anneal_strategy}. */
    static void checkShape(double pct_start, String anneal_strategy) {
        if (pct_start < 0 || pct_start > 1) {
            throw Py.valueError("Expected float between 0 and 1 pct_start, but got " + Py.repr(pct_start));
        }
        if (!anneal_strategy.equals("cos") && !anneal_strategy.equals("linear")) {
            throw Py.valueError("anneal_strategy must by one of 'cos' or 'linear', instead got " + anneal_strategy);
        }
    }

    /** Same, rising over {@code pct_start} of the cycle. */
    public OneCycleLR pct_start(double pct_start) {
        return new OneCycleLR(max_lr, total_steps, epochs, steps_per_epoch, pct_start, anneal_strategy, cycle_momentum,
                base_momentum, max_momentum, div_factor, final_div_factor, three_phase, last_epoch);
    }

    /** Same, with {@code cos} or {@code linear} phases. */
    public OneCycleLR anneal_strategy(String anneal_strategy) {
        return new OneCycleLR(max_lr, total_steps, epochs, steps_per_epoch, pct_start, anneal_strategy, cycle_momentum,
                base_momentum, max_momentum, div_factor, final_div_factor, three_phase, last_epoch);
    }

    /** Same, in three phases or two. */
    public OneCycleLR three_phase(boolean three_phase) {
        return new OneCycleLR(max_lr, total_steps, epochs, steps_per_epoch, pct_start, anneal_strategy, cycle_momentum,
                base_momentum, max_momentum, div_factor, final_div_factor, three_phase, last_epoch);
    }

    /**
     * The momentum PyTorch writes into the group ({@code momentum}, or Adam's {@code betas[0]}) at each
     * step, absolute. Without {@code cycle_momentum} the group's momentum (the base) is left as it is.
     */
    public Schedule momentum() {
        return new Momentum(this);
    }

    @Override
    public Curve curve(Frame frame) {
        Rule rule = recurrence();
        long e0 = last_epoch + 1;
        return (t, base, state) -> rule.value(e0 + t, false);
    }

    Rule recurrence() {
        return new Rule(max_lr, totalSteps(total_steps, epochs, steps_per_epoch), pct_start, anneal_strategy,
                base_momentum, max_momentum, div_factor, final_div_factor, three_phase, last_epoch);
    }

    @Override
    public String toString() {
        return new Text("OneCycleLR").arg("max_lr", max_lr).arg("total_steps", total_steps, (Object) null)
                .arg("epochs", epochs, (Object) null).arg("steps_per_epoch", steps_per_epoch, (Object) null)
                .arg("pct_start", pct_start, 0.3).arg("anneal_strategy", anneal_strategy, "cos")
                .arg("cycle_momentum", cycle_momentum, true).arg("base_momentum", base_momentum, 0.85)
                .arg("max_momentum", max_momentum, 0.95).arg("div_factor", div_factor, 25.0)
                .arg("final_div_factor", final_div_factor, 1e4).arg("three_phase", three_phase, false)
                .arg("last_epoch", last_epoch, -1).toString();
    }

    /** PyTorch's phases and get_lr, a function of the epoch only. */
    static final class Rule extends Recurrence {
        private final long total;
        private final double[] ends;
        /** Per phase: start and end lr, start and end momentum. */
        private final double[][] lrs;
        private final double[][] moms;
        private final boolean cos;

        Rule(double maxLr, long total, double pct, String anneal, double baseM, double maxM, double div, double finalDiv,
             boolean threePhase, long lastEpoch) {
            super(lastEpoch);
            this.total = total;
            double initial = Py.div(maxLr, div);
            double min = Py.div(initial, finalDiv);
            if (threePhase) {
                ends = new double[] {(double) (pct * total) - 1, (double) (2 * pct * total) - 2, (double) total - 1};
                lrs = new double[][] {{initial, maxLr}, {maxLr, initial}, {initial, min}};
                moms = new double[][] {{maxM, baseM}, {baseM, maxM}, {maxM, maxM}};
            } else {
                ends = new double[] {(double) (pct * total) - 1, (double) total - 1};
                lrs = new double[][] {{initial, maxLr}, {maxLr, min}};
                moms = new double[][] {{maxM, baseM}, {baseM, maxM}};
            }
            this.cos = anneal.equals("cos");
        }

        private double anneal(double start, double end, double pct) {
            if (cos) {
                double cosOut = Math.cos(Math.PI * pct) + 1;
                return end + (start - end) / 2.0 * cosOut;
            }
            return (end - start) * pct + start;
        }

        /** The lr (or momentum) at epoch {@code e}. */
        double value(long e, boolean momentum) {
            if (e > total) {
                throw Py.valueError("Tried to step " + (e + 1) + " times. The specified number of total steps is "
                        + total);
            }
            double start = 0;
            for (int i = 0; i < ends.length; i++) {
                if (e <= ends[i] || i == ends.length - 1) {
                    double pct = Py.div(e - start, ends[i] - start);
                    double[] v = momentum ? moms[i] : lrs[i];
                    return anneal(v[0], v[1], pct);
                }
                start = ends[i];
            }
            throw new AssertionError("no phase");
        }

        /** The initial_lr PyTorch writes into the group. */
        double initialLr() {
            return lrs[0][0];
        }

        @Override
        double step(double lr, long e, double b) {
            return value(e, false);
        }

        @Override
        double restart(double lr, double b) {
            return value(0, false);
        }
    }

    /** {@code OneCycleLR(...).momentum()}. */
    private record Momentum(OneCycleLR lr) implements Schedule {
        @Override
        public Span duration() {
            return null;
        }

        @Override
        public Curve curve(Frame frame) {
            if (!lr.cycle_momentum) {
                return (t, base, state) -> base;
            }
            Rule rule = lr.recurrence();
            long e0 = lr.last_epoch + 1;
            return (t, base, state) -> rule.value(e0 + t, true);
        }

        @Override
        public String toString() {
            return lr + ".momentum()";
        }
    }
}
