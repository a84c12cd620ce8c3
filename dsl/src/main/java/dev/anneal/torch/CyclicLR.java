package dev.anneal.torch;

import dev.anneal.Schedule;
import dev.anneal.ScheduleException;
import dev.anneal.Span;
import dev.anneal.expression.Expression;
import dev.anneal.graph.Curve;
import dev.anneal.graph.Frame;
import java.util.Objects;

/**
 * PyTorch's {@code CyclicLR(optimizer, base_lr, max_lr, step_size_up=2000, step_size_down=None,
 * mode='triangular', gamma=1.0, scale_fn=None, scale_mode='cycle', cycle_momentum=True,
 * base_momentum=0.8, max_momentum=0.9, last_epoch=-1)}: absolute values cycling between
 * {@code base_lr} and {@code max_lr} (PyTorch overwrites the group's lr). With
 * {@code total = up + down}, {@code cycle = floor(1 + e / total)}, {@code x = 1 + e / total - cycle},
 * {@code s = x / ratio} if {@code x <= ratio} else {@code (x - 1) / (ratio - 1)}:
 * {@code lr = base_lr + (max_lr - base_lr) * s * scale}, scale being 1 (triangular),
 * {@code 1 / 2 ** (cycle - 1)} (triangular2), {@code gamma ** e} (exp_range) or {@code scale_fn}
 * (a Python expression in {@code x}) of the cycle or of {@code e} per {@code scale_mode}. As in
 * PyTorch, a custom {@code scale_fn} makes {@code mode} irrelevant, and the built-in modes fix the
 * scale mode. {@link #momentum()} gives the momentum PyTorch writes into the group. PyTorch checks the
 * optimizer's momentum support before its construction step, so an error of that step (a
 * {@code scale_fn} dividing by zero at epoch 0, {@code step_size_up = 0}) is raised when the graph is
 * read at time 0.
 * <pre>{@code
 * CyclicLR s = CyclicLR.of(0.01, 0.1).step_size_up(3).mode("triangular2");
 * s.toString();             // CyclicLR(base_lr=0.01, max_lr=0.1, step_size_up=3, mode="triangular2")
 * s.compile().lr(3, 0.5);   // 0.1 (the base passed in is not used)
 * }</pre>
 *
 * @param base_lr        the bottom of the cycle
 * @param max_lr         the top of the first cycle
 * @param step_size_up   epochs rising
 * @param step_size_down epochs falling; null for {@code step_size_up}
 * @param mode           triangular, triangular2 or exp_range
 * @param gamma          exp_range's factor
 * @param scale_fn       custom amplitude scaling in {@code x}, or null
 * @param scale_mode     {@code cycle} or {@code iterations} (custom scale_fn only)
 * @param cycle_momentum whether momentum cycles inversely
 * @param base_momentum  momentum at the top of the cycle
 * @param max_momentum   momentum at the bottom
 * @param last_epoch     -1 for a fresh start; {@code L >= 0} resumes at epoch {@code L + 1}
 */
public record CyclicLR(double base_lr, double max_lr, double step_size_up, Double step_size_down, String mode,
                       double gamma, Expression scale_fn, String scale_mode, boolean cycle_momentum,
                       double base_momentum, double max_momentum, long last_epoch) implements TorchScheduler {

    /** Checks the parameters in PyTorch's order, up to its construction step. */
    public CyclicLR {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(scale_mode, "scale_mode");
        double down = step_size_down == null ? step_size_up : step_size_down;
        Py.div(step_size_up, step_size_up + down);
        if (!mode.equals("triangular") && !mode.equals("triangular2") && !mode.equals("exp_range") && scale_fn == null) {
            throw Py.valueError("mode is invalid and scale_fn is None");
        }
        if (scale_fn != null && !scale_fn.variable().equals("x")) {
            throw new ScheduleException("CyclicLR: scale_fn must be an expression in 'x', got one in '"
                    + scale_fn.variable() + "'");
        }
        Groups.checkLastEpoch("CyclicLR", last_epoch);
    }

    /** {@code CyclicLR(base_lr, max_lr)} with PyTorch's defaults; set the others with the withers. */
    public static CyclicLR of(double base_lr, double max_lr) {
        return new CyclicLR(base_lr, max_lr, 2000, null, "triangular", 1.0, null, "cycle", true, 0.8, 0.9, -1);
    }

    /** Same, rising over {@code step_size_up} epochs. */
    public CyclicLR step_size_up(double step_size_up) {
        return new CyclicLR(base_lr, max_lr, step_size_up, step_size_down, mode, gamma, scale_fn, scale_mode,
                cycle_momentum, base_momentum, max_momentum, last_epoch);
    }

    /** Same, falling over {@code step_size_down} epochs. */
    public CyclicLR step_size_down(Double step_size_down) {
        return new CyclicLR(base_lr, max_lr, step_size_up, step_size_down, mode, gamma, scale_fn, scale_mode,
                cycle_momentum, base_momentum, max_momentum, last_epoch);
    }

    /** Same, with {@code mode} ({@code triangular}, {@code triangular2}, {@code exp_range}). */
    public CyclicLR mode(String mode) {
        return new CyclicLR(base_lr, max_lr, step_size_up, step_size_down, mode, gamma, scale_fn, scale_mode,
                cycle_momentum, base_momentum, max_momentum, last_epoch);
    }

    /** Same, with exp_range's {@code gamma}. */
    public CyclicLR gamma(double gamma) {
        return new CyclicLR(base_lr, max_lr, step_size_up, step_size_down, mode, gamma, scale_fn, scale_mode,
                cycle_momentum, base_momentum, max_momentum, last_epoch);
    }

    /** Same, scaled by the Python expression {@code scale_fn} in {@code x}, of the cycle or the epoch. */
    public CyclicLR scale_fn(String scale_fn, String scale_mode) {
        return new CyclicLR(base_lr, max_lr, step_size_up, step_size_down, mode, gamma,
                Expression.parse(scale_fn, "x"), scale_mode, cycle_momentum, base_momentum, max_momentum, last_epoch);
    }

    /** Same, with momentum cycling on or off and its bounds. */
    public CyclicLR momentum(boolean cycle_momentum, double base_momentum, double max_momentum) {
        return new CyclicLR(base_lr, max_lr, step_size_up, step_size_down, mode, gamma, scale_fn, scale_mode,
                cycle_momentum, base_momentum, max_momentum, last_epoch);
    }

    /**
     * The momentum PyTorch writes into the group at each step (absolute, like the lr): {@code max_momentum}
     * at the bottom of the cycle, {@code base_momentum} at the top. Resumed, PyTorch reads the base
     * momentum from the group: pass the group's momentum as the graph's base. Without
     * {@code cycle_momentum} the group's momentum (the base) is left as it is.
     */
    public Schedule momentum() {
        return new Momentum(this);
    }

    /** Resumed, the construction step uses the group's initial_lr as base_lr (PyTorch's order of assignments). */
    @Override
    public double base(int group, double lr, Double initialLr) {
        return Groups.initialLr(this, group, lr, initialLr);
    }

    @Override
    public Curve curve(Frame frame) {
        Rule rule = new Rule(this);
        long e0 = last_epoch + 1;
        if (last_epoch < 0) {
            return (t, base, state) -> rule.lr(t, base_lr);
        }
        return (t, base, state) -> rule.lr(e0 + t, t == 0 ? base : base_lr);
    }

    Curve momentumCurve() {
        Rule rule = new Rule(this);
        long e0 = last_epoch + 1;
        if (!cycle_momentum) {
            return (t, base, state) -> base;
        }
        return (t, base, state) -> rule.momentum(e0 + t, last_epoch < 0 ? base_momentum : base);
    }

    Recurrence recurrence() {
        return new Rule(this);
    }

    @Override
    public String toString() {
        return new Text("CyclicLR").arg("base_lr", base_lr).arg("max_lr", max_lr)
                .count("step_size_up", step_size_up, 2000.0).count("step_size_down", step_size_down, null)
                .arg("mode", mode, "triangular").arg("gamma", gamma, 1.0)
                .arg("scale_fn", scale_fn == null ? null : scale_fn.source(), (Object) null)
                .arg("scale_mode", scale_mode, "cycle").arg("cycle_momentum", cycle_momentum, true)
                .arg("base_momentum", base_momentum, 0.8).arg("max_momentum", max_momentum, 0.9)
                .arg("last_epoch", last_epoch, -1).toString();
    }

    /** PyTorch's get_lr as a function of the epoch; the lr ignores the group's current lr. */
    private static final class Rule extends Recurrence {
        private final double baseLr;
        private final double maxLr;
        private final double total;
        private final double ratio;
        private final String mode;
        private final double gamma;
        private final Expression fn;
        private final boolean byCycle;
        private final double maxMomentum;

        Rule(CyclicLR c) {
            this(c.base_lr, c.max_lr, c.step_size_up, c.step_size_down, c.mode, c.gamma, c.scale_fn, c.scale_mode,
                    c.max_momentum, c.last_epoch);
        }

        Rule(double baseLr, double maxLr, double up, Double down, String mode, double gamma, Expression fn,
             String scaleMode, double maxMomentum, long lastEpoch) {
            super(lastEpoch);
            this.baseLr = baseLr;
            this.maxLr = maxLr;
            this.total = up + (down == null ? up : down);
            this.ratio = up / total;
            this.mode = mode;
            this.gamma = gamma;
            this.fn = fn;
            this.byCycle = fn != null ? scaleMode.equals("cycle") : !mode.equals("exp_range");
            this.maxMomentum = maxMomentum;
        }

        private double position(long e) {
            double cycle = Math.floor(1 + Py.div(e, total));
            double x = 1. + e / total - cycle;
            return x <= ratio ? Py.div(x, ratio) : Py.div(x - 1, ratio - 1);
        }

        private double scale(long e) {
            double at = byCycle ? Math.floor(1 + e / total) : e;
            if (fn != null) {
                return Py.call(fn, at);
            }
            return switch (mode) {
                case "triangular" -> 1.;
                case "triangular2" -> 1 / Math.pow(2., at - 1);
                default -> Math.pow(gamma, at);
            };
        }

        double lr(long e, double bottom) {
            double s = position(e);
            return bottom + (maxLr - bottom) * s * scale(e);
        }

        double momentum(long e, double baseMomentum) {
            double s = position(e);
            return maxMomentum - (maxMomentum - baseMomentum) * s * scale(e);
        }

        @Override
        double construct(double lr, double b) {
            return lr(lastEpoch + 1, b);
        }

        @Override
        double step(double lr, long e, double b) {
            return lr(e, baseLr);
        }

        @Override
        double restart(double lr, double b) {
            return lr(0, baseLr);
        }
    }

    /** {@code CyclicLR(...).momentum()}. */
    private record Momentum(CyclicLR lr) implements Schedule {
        @Override
        public Span duration() {
            return null;
        }

        @Override
        public Curve curve(Frame frame) {
            return lr.momentumCurve();
        }

        @Override
        public String toString() {
            return lr + ".momentum()";
        }
    }
}
