package dev.anneal;

import dev.anneal.graph.Curve;
import dev.anneal.graph.Frame;
import java.util.Objects;

/**
 * {@code polynomial(n, power=1.0, endFactor=0.0)}: polynomial decay from the base to
 * {@code base * endFactor} over {@code n}, then {@code base * endFactor}:
 * {@code lr(t) = base * (endFactor + (1 - endFactor) * (1 - min(t, n) / n)^power)}.
 * <pre>{@code
 * Schedule lr = Schedule.polynomial(1000).power(2.0);
 * }</pre>
 *
 * @param length    how long the decay lasts, {@code > 0}
 * @param power     the exponent, {@code >= 0}
 * @param endFactor factor of the base at the end, in {@code [0, 1]}
 */
public record Polynomial(Span length, double power, double endFactor) implements Schedule {

    /** Checks the parameters. */
    public Polynomial {
        Objects.requireNonNull(length, "length");
        String node = "polynomial(" + length + ", power=" + Call.num(power) + ", endFactor=" + Call.num(endFactor) + ")";
        if (length.amount() == 0) {
            throw ScheduleException.invalid(node, "length", length, "> 0");
        }
        if (!(power >= 0) || Double.isInfinite(power)) {
            throw ScheduleException.invalid(node, "power", Call.num(power), "finite and >= 0");
        }
        if (!(endFactor >= 0 && endFactor <= 1)) {
            throw ScheduleException.invalid(node, "endFactor", Call.num(endFactor), "in [0, 1]");
        }
    }

    /** The same decay with another exponent. */
    public Polynomial power(double power) {
        return new Polynomial(length, power, endFactor);
    }

    /** The same decay ending at {@code base * endFactor}. */
    public Polynomial endFactor(double endFactor) {
        return new Polynomial(length, power, endFactor);
    }

    @Override
    public Span duration() {
        return length;
    }

    @Override
    public Curve curve(Frame frame) {
        long n = frame.ticks(length, this, "length");
        if (n == 0) {
            throw ScheduleException.invalid(toString(), "length", length, "> 0 once in ticks");
        }
        double fall = 1.0 - endFactor;
        return (t, base, state) -> base * (endFactor + fall * Math.pow(1.0 - (double) Math.min(t, n) / n, power));
    }

    @Override
    public String toString() {
        return new Call("polynomial").positional(length).arg("power", power, 1.0).arg("endFactor", endFactor, 0.0).toString();
    }
}
