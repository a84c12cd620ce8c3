package dev.anneal;

import dev.anneal.expression.Expression;
import dev.anneal.graph.Curve;
import dev.anneal.graph.Frame;
import java.util.Objects;

/**
 * {@code cyclic(maxLr=.., stepUp=2000, stepDown=stepUp, mode=triangular, gamma=1.0, scaleFn=null,
 * scaleMode=cycle, baseMomentum=0.8, maxMomentum=0.9)}: a cyclical learning rate between the base
 * and {@code maxLr} (Smith 2017; PyTorch's CyclicLR formulas, where the base is {@code base_lr}).
 * With {@code total = stepUp + stepDown}, {@code cycle = floor(1 + t/total)},
 * {@code x = 1 + t/total - cycle}, {@code s = x/ratio} while rising ({@code x <= stepUp/total}) and
 * {@code (x-1)/(ratio-1)} after: {@code lr = base + (maxLr - base) * s * scale}, where scale is 1
 * (triangular), {@code 1/2^(cycle-1)} (triangular2), {@code gamma^t} (expRange) or
 * {@code scaleFn} of the cycle ({@code scaleMode=cycle}) or of {@code t} ({@code iterations}).
 * No duration. {@link #momentum()} cycles the momentum the opposite way.
 * <pre>{@code
 * Cyclic clr = Schedule.cyclic(0.006, 2000).mode(Cyclic.Mode.TRIANGULAR2);
 * Cyclic custom = Schedule.cyclic(0.05, 3).scaleFn("0.8 ** x");
 * }</pre>
 *
 * @param maxLr        the top of each cycle (absolute)
 * @param stepUp       time from the bottom to the top, {@code > 0}
 * @param stepDown     time from the top to the bottom, {@code > 0}; null for {@code stepUp}
 * @param mode         the built-in amplitude scaling, used when {@code scaleFn} is null
 * @param gamma        the base of expRange's {@code gamma^t}
 * @param scaleFn      a custom amplitude scaling in {@code x}; replaces {@code mode}
 * @param scaleMode    what {@code scaleFn} is a function of
 * @param baseMomentum momentum at the top of the cycle
 * @param maxMomentum  momentum at the bottom
 */
public record Cyclic(double maxLr, Span stepUp, Span stepDown, Mode mode, double gamma, Expression scaleFn,
                     ScaleMode scaleMode, double baseMomentum, double maxMomentum) implements Schedule {

    /** The built-in amplitude scalings. */
    public enum Mode {
        /** Constant amplitude. */
        TRIANGULAR,
        /** Amplitude halved every cycle. */
        TRIANGULAR2,
        /** Amplitude {@code gamma^t}. */
        EXP_RANGE
    }

    /** What a custom scale function is evaluated at. */
    public enum ScaleMode {
        /** The cycle number, from 1. */
        CYCLE,
        /** The time {@code t}. */
        ITERATIONS
    }

    /** Checks the parameters. */
    public Cyclic {
        Objects.requireNonNull(stepUp, "stepUp");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(scaleMode, "scaleMode");
        String node = "cyclic(maxLr=" + Call.num(maxLr) + ", stepUp=" + stepUp + ")";
        if (!(maxLr >= 0) || Double.isInfinite(maxLr)) {
            throw ScheduleException.invalid(node, "maxLr", Call.num(maxLr), "finite and >= 0");
        }
        if (stepUp.amount() == 0) {
            throw ScheduleException.invalid(node, "stepUp", stepUp, "> 0");
        }
        if (stepDown != null && stepDown.amount() == 0) {
            throw ScheduleException.invalid(node, "stepDown", stepDown, "> 0");
        }
        if (!(gamma > 0) || Double.isInfinite(gamma)) {
            throw ScheduleException.invalid(node, "gamma", Call.num(gamma), "finite and > 0");
        }
        if (scaleFn == null && scaleMode != ScaleMode.CYCLE) {
            throw new ScheduleException(node + ": scaleMode applies only with a custom scaleFn (the built-in modes fix it)");
        }
        if (!(baseMomentum >= 0 && baseMomentum <= maxMomentum && Double.isFinite(maxMomentum))) {
            throw new ScheduleException(node + ": momenta must satisfy 0 <= baseMomentum <= maxMomentum, got baseMomentum="
                    + Call.num(baseMomentum) + ", maxMomentum=" + Call.num(maxMomentum));
        }
    }

    /** The same cycle falling over {@code steps}. */
    public Cyclic stepDown(long steps) {
        return stepDown(Span.steps(steps));
    }

    /** The same cycle falling over {@code stepDown}. */
    public Cyclic stepDown(Span stepDown) {
        return new Cyclic(maxLr, stepUp, stepDown, mode, gamma, scaleFn, scaleMode, baseMomentum, maxMomentum);
    }

    /** The same cycle with a built-in amplitude scaling. */
    public Cyclic mode(Mode mode) {
        return new Cyclic(maxLr, stepUp, stepDown, mode, gamma, scaleFn, scaleMode, baseMomentum, maxMomentum);
    }

    /** The same cycle with expRange's {@code gamma}. */
    public Cyclic gamma(double gamma) {
        return new Cyclic(maxLr, stepUp, stepDown, mode, gamma, scaleFn, scaleMode, baseMomentum, maxMomentum);
    }

    /** The same cycle scaled by an expression in {@code x}, the cycle number. */
    public Cyclic scaleFn(String expression) {
        return scaleFn(expression, ScaleMode.CYCLE);
    }

    /** The same cycle scaled by an expression in {@code x}, the cycle number or the time. */
    public Cyclic scaleFn(String expression, ScaleMode scaleMode) {
        return new Cyclic(maxLr, stepUp, stepDown, mode, gamma, Expression.parse(expression, "x"), scaleMode,
                baseMomentum, maxMomentum);
    }

    /** The same cycle with other momenta for {@link #momentum()}. */
    public Cyclic momenta(double baseMomentum, double maxMomentum) {
        return new Cyclic(maxLr, stepUp, stepDown, mode, gamma, scaleFn, scaleMode, baseMomentum, maxMomentum);
    }

    /** The momentum that goes with this cycle: {@code maxMomentum - (maxMomentum - baseMomentum) * s * scale}. */
    public Schedule momentum() {
        return new CyclicMomentum(this);
    }

    @Override
    public Span duration() {
        return null;
    }

    @Override
    public Curve curve(Frame frame) {
        return curve(frame, false);
    }

    Curve curve(Frame frame, boolean momentum) {
        double up = frame.ticks(stepUp, this, "stepUp");
        double down = stepDown == null ? up : frame.ticks(stepDown, this, "stepDown");
        if (up == 0 || down == 0) {
            throw new ScheduleException(this + ": stepUp and stepDown must be > 0 once in ticks");
        }
        double total = up + down;
        double ratio = up / total;
        Mode m = mode;
        Expression fn = scaleFn;
        boolean byCycle = fn != null ? scaleMode == ScaleMode.CYCLE : m != Mode.EXP_RANGE;
        double top = maxLr;
        return (t, base, state) -> {
            double cycle = Math.floor(1 + t / total);
            double x = 1. + t / total - cycle;
            double s = x <= ratio ? x / ratio : (x - 1) / (ratio - 1);
            double at = byCycle ? cycle : t;
            double scale;
            if (fn != null) {
                scale = fn.eval(at);
            } else if (m == Mode.TRIANGULAR) {
                scale = 1.0;
            } else if (m == Mode.TRIANGULAR2) {
                scale = 1 / Math.pow(2.0, at - 1);
            } else {
                scale = Math.pow(gamma, at);
            }
            if (momentum) {
                return maxMomentum - (maxMomentum - baseMomentum) * s * scale;
            }
            return base + (top - base) * s * scale;
        };
    }

    @Override
    public String toString() {
        return new Call("cyclic").arg("maxLr", maxLr).arg("stepUp", stepUp).opt("stepDown", stepDown)
                .arg("mode", mode, Mode.TRIANGULAR).arg("gamma", gamma, 1.0).opt("scaleFn", scaleFn == null ? null : scaleFn.source())
                .arg("scaleMode", scaleMode, ScaleMode.CYCLE).arg("baseMomentum", baseMomentum, 0.8)
                .arg("maxMomentum", maxMomentum, 0.9).toString();
    }

    /** {@code cyclic(...).momentum()}: the momentum of a cyclical schedule (absolute values; the base is ignored). */
    record CyclicMomentum(Cyclic cycle) implements Schedule {

        @Override
        public Span duration() {
            return null;
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
