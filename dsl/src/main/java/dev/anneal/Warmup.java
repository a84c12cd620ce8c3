package dev.anneal;

import dev.anneal.graph.Curve;
import dev.anneal.graph.Frame;
import java.util.Objects;

/**
 * {@code warmup(n, startFactor=0.0)}: linear warmup from {@code base * startFactor} (0 by default)
 * to the base over {@code n} steps; exactly the base at step {@code n} and after.
 * {@code lr(t) = base * (startFactor + (1 - startFactor) * t / n)} for {@code t < n}.
 * <pre>{@code
 * Schedule lr = Schedule.warmup(10).then(Schedule.cosine(90, 1e-6));
 * Schedule gentle = Schedule.warmup(50).startFactor(0.1);
 * }</pre>
 *
 * @param length      how long the warmup lasts
 * @param startFactor the factor of the base at time 0, in {@code [0, 1]}
 */
public record Warmup(Span length, double startFactor) implements Schedule {

    /** Checks the parameters. */
    public Warmup {
        Objects.requireNonNull(length, "length");
        if (!(startFactor >= 0 && startFactor <= 1)) {
            throw ScheduleException.invalid("warmup(" + length + ", startFactor=" + Call.num(startFactor) + ")",
                    "startFactor", Call.num(startFactor), "in [0, 1]");
        }
    }

    /** The same warmup starting from {@code base * startFactor}. */
    public Warmup startFactor(double startFactor) {
        return new Warmup(length, startFactor);
    }

    @Override
    public Span duration() {
        return length;
    }

    @Override
    public Curve curve(Frame frame) {
        long n = frame.ticks(length, this, "length");
        double rise = 1.0 - startFactor;
        return (t, base, state) -> t >= n ? base : base * (startFactor + rise * t / n);
    }

    @Override
    public String toString() {
        return new Call("warmup").positional(length).arg("startFactor", startFactor, 0.0).toString();
    }
}
