package dev.anneal;

import dev.anneal.graph.Curve;
import dev.anneal.graph.Frame;

/**
 * {@code constant(factor=1.0)}: {@code lr = base * factor}, for ever (no duration; give one with
 * {@code .lasting(n)} to follow it with another part).
 * <pre>{@code
 * Schedule lr = Schedule.constant(0.5).lasting(100).then(Schedule.cosine(900));
 * }</pre>
 *
 * @param factor multiplier of the base, finite and {@code >= 0}
 */
public record Constant(double factor) implements Schedule {

    /** Checks the factor. */
    public Constant {
        if (!(factor >= 0) || Double.isInfinite(factor)) {
            throw ScheduleException.invalid("constant(factor=" + Call.num(factor) + ")", "factor", Call.num(factor), "finite and >= 0");
        }
    }

    @Override
    public Span duration() {
        return null;
    }

    @Override
    public Curve curve(Frame frame) {
        return (t, base, state) -> base * factor;
    }

    @Override
    public String toString() {
        return new Call("constant").arg("factor", factor, 1.0).toString();
    }
}
