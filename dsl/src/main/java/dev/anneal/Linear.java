package dev.anneal;

import dev.anneal.graph.Curve;
import dev.anneal.graph.Frame;
import java.util.Objects;

/**
 * {@code linear(n, startFactor=1.0, endFactor=0.0)}: a straight line from {@code base * startFactor}
 * to {@code base * endFactor} over {@code n} steps, then {@code base * endFactor}. A cooldown by
 * default; a warmup with {@code startFactor < endFactor}.
 * {@code lr(t) = base * (startFactor + (endFactor - startFactor) * min(t, n) / n)}.
 * <pre>{@code
 * Schedule cooldown = Schedule.linear(200).endFactor(0.1);
 * }</pre>
 *
 * @param length      how long the line lasts
 * @param startFactor factor of the base at time 0, {@code >= 0}
 * @param endFactor   factor of the base at time {@code n} and after, {@code >= 0}
 */
public record Linear(Span length, double startFactor, double endFactor) implements Schedule {

    /** Checks the parameters. */
    public Linear {
        Objects.requireNonNull(length, "length");
        check(length, startFactor, endFactor, "startFactor", startFactor);
        check(length, startFactor, endFactor, "endFactor", endFactor);
    }

    private static void check(Span length, double s, double e, String name, double value) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw ScheduleException.invalid("linear(" + length + ", startFactor=" + Call.num(s) + ", endFactor=" + Call.num(e) + ")",
                    name, Call.num(value), "finite and >= 0");
        }
    }

    /** The same line starting at {@code base * startFactor}. */
    public Linear startFactor(double startFactor) {
        return new Linear(length, startFactor, endFactor);
    }

    /** The same line ending at {@code base * endFactor}. */
    public Linear endFactor(double endFactor) {
        return new Linear(length, startFactor, endFactor);
    }

    @Override
    public Span duration() {
        return length;
    }

    @Override
    public Curve curve(Frame frame) {
        long n = frame.ticks(length, this, "length");
        double slope = endFactor - startFactor;
        return (t, base, state) -> t >= n ? base * endFactor : base * (startFactor + slope * t / n);
    }

    @Override
    public String toString() {
        return new Call("linear").positional(length).arg("startFactor", startFactor, 1.0)
                .arg("endFactor", endFactor, 0.0).toString();
    }
}
