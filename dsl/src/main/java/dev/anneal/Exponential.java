package dev.anneal;

import dev.anneal.graph.Curve;
import dev.anneal.graph.Frame;

/**
 * {@code exponential(gamma=0.95)}: {@code lr(t) = base * gamma^t}. No duration.
 * <pre>{@code
 * Schedule lr = Schedule.exponential(0.99).perEpoch();
 * }</pre>
 *
 * @param gamma the factor per tick, {@code > 0}
 */
public record Exponential(double gamma) implements Schedule {

    /** Checks gamma. */
    public Exponential {
        if (!(gamma > 0) || Double.isInfinite(gamma)) {
            throw ScheduleException.invalid("exponential(gamma=" + Call.num(gamma) + ")", "gamma", Call.num(gamma), "finite and > 0");
        }
    }

    @Override
    public Span duration() {
        return null;
    }

    @Override
    public Curve curve(Frame frame) {
        return (t, base, state) -> base * Math.pow(gamma, t);
    }

    @Override
    public String toString() {
        return new Call("exponential").arg("gamma", gamma).toString();
    }
}
