package dev.anneal;

import dev.anneal.graph.Curve;
import dev.anneal.graph.Frame;
import java.util.Objects;

/**
 * {@code plateau(mode=min, factor=0.1, patience=10, threshold=1e-4, thresholdMode=rel, cooldown=0,
 * minLr=0.0, eps=1e-8)}: reduce-on-plateau with PyTorch's ReduceLROnPlateau rules. The value starts
 * at the base; each time the monitored metric (reported with {@link RunState#observe(long, double)})
 * has not improved for more than {@code patience} observations, it is multiplied by {@code factor},
 * not below {@code minLr}, and a reduction smaller than {@code eps} is not made. After a reduction,
 * {@code cooldown} observations are ignored. Improvement is {@code a < best * (1 - threshold)}
 * (min, rel), {@code a < best - threshold} (min, abs), and the mirror images for max. No duration;
 * usable after a warmup: {@code warmup(5) then plateau(patience=2)}.
 * <pre>{@code
 * Schedule lr = Schedule.warmup(5).then(Schedule.plateau().patience(2).factor(0.5));
 * }</pre>
 *
 * @param mode          whether a lower ({@code min}) or higher ({@code max}) metric is better
 * @param factor        multiplier at each reduction, in {@code [0, 1)}
 * @param patience      observations without improvement tolerated
 * @param threshold     the margin an improvement must beat
 * @param thresholdMode relative or absolute margin
 * @param cooldown      observations ignored after a reduction
 * @param minLr         the floor
 * @param eps           the smallest reduction made
 */
public record Plateau(Mode mode, double factor, long patience, double threshold, ThresholdMode thresholdMode,
                      long cooldown, double minLr, double eps) implements Schedule {

    /** Whether lower or higher is better. */
    public enum Mode {
        /** Lower is better (a loss). */
        MIN,
        /** Higher is better (an accuracy). */
        MAX
    }

    /** How the threshold is applied. */
    public enum ThresholdMode {
        /** A fraction of the best value. */
        REL,
        /** An absolute amount. */
        ABS
    }

    static final Plateau DEFAULT = new Plateau(Mode.MIN, 0.1, 10, 1e-4, ThresholdMode.REL, 0, 0.0, 1e-8);

    /** Checks the parameters. */
    public Plateau {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(thresholdMode, "thresholdMode");
        String node = "plateau(factor=" + Call.num(factor) + ", patience=" + patience + ")";
        if (!(factor >= 0 && factor < 1.0)) {
            throw ScheduleException.invalid(node, "factor", Call.num(factor), "in [0, 1)");
        }
        if (Double.isNaN(threshold) || Double.isNaN(minLr) || Double.isNaN(eps)) {
            throw new ScheduleException(node + ": threshold, minLr and eps must be numbers");
        }
    }

    /** Same, with {@code mode}. */
    public Plateau mode(Mode mode) {
        return new Plateau(mode, factor, patience, threshold, thresholdMode, cooldown, minLr, eps);
    }

    /** Same, with {@code factor}. */
    public Plateau factor(double factor) {
        return new Plateau(mode, factor, patience, threshold, thresholdMode, cooldown, minLr, eps);
    }

    /** Same, with {@code patience}. */
    public Plateau patience(long patience) {
        return new Plateau(mode, factor, patience, threshold, thresholdMode, cooldown, minLr, eps);
    }

    /** Same, with {@code threshold}. */
    public Plateau threshold(double threshold) {
        return new Plateau(mode, factor, patience, threshold, thresholdMode, cooldown, minLr, eps);
    }

    /** Same, with {@code thresholdMode}. */
    public Plateau thresholdMode(ThresholdMode thresholdMode) {
        return new Plateau(mode, factor, patience, threshold, thresholdMode, cooldown, minLr, eps);
    }

    /** Same, with {@code cooldown}. */
    public Plateau cooldown(long cooldown) {
        return new Plateau(mode, factor, patience, threshold, thresholdMode, cooldown, minLr, eps);
    }

    /** Same, with {@code minLr}. */
    public Plateau minLr(double minLr) {
        return new Plateau(mode, factor, patience, threshold, thresholdMode, cooldown, minLr, eps);
    }

    /** Same, with {@code eps}. */
    public Plateau eps(double eps) {
        return new Plateau(mode, factor, patience, threshold, thresholdMode, cooldown, minLr, eps);
    }

    double worst() {
        return mode == Mode.MIN ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
    }

    boolean isBetter(double a, double best) {
        if (mode == Mode.MIN) {
            return thresholdMode == ThresholdMode.REL ? a < best * (1 - threshold) : a < best - threshold;
        }
        return thresholdMode == ThresholdMode.REL ? a > best * (threshold + 1) : a > best + threshold;
    }

    /** The value after {@code reductions} reductions from {@code base}, with PyTorch's minLr and eps rules. */
    double reduce(double base, long reductions) {
        double lr = base;
        for (long i = 0; i < reductions; i++) {
            double next = Math.max(lr * factor, minLr);
            if (!(lr - next > eps)) {
                break;
            }
            lr = next;
        }
        return lr;
    }

    @Override
    public Span duration() {
        return null;
    }

    @Override
    public Curve curve(Frame frame) {
        int slot = frame.register(this);
        return (t, base, state) -> reduce(base, state.reductions(slot));
    }

    @Override
    public String toString() {
        return new Call("plateau").arg("mode", mode, Mode.MIN).arg("factor", factor, 0.1).arg("patience", patience, 10)
                .arg("threshold", threshold, 1e-4).arg("thresholdMode", thresholdMode, ThresholdMode.REL)
                .arg("cooldown", cooldown, 0).arg("minLr", minLr, 0.0).arg("eps", eps, 1e-8).toString();
    }
}
