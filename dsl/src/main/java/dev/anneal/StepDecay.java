package dev.anneal;

import dev.anneal.graph.Curve;
import dev.anneal.graph.Frame;
import java.util.Objects;

/**
 * {@code step(stepSize=n, gamma=0.1)}: multiplies the base by {@code gamma} every {@code stepSize}:
 * {@code lr(t) = base * gamma^floor(t / stepSize)}. No duration.
 * <pre>{@code
 * Schedule halving = Schedule.step(Span.epochs(5)).gamma(0.5);
 * }</pre>
 *
 * @param stepSize time between decays, {@code > 0}
 * @param gamma    the factor applied at each decay, {@code >= 0}
 */
public record StepDecay(Span stepSize, double gamma) implements Schedule {

    /** Checks the parameters. */
    public StepDecay {
        Objects.requireNonNull(stepSize, "stepSize");
        if (stepSize.amount() == 0) {
            throw ScheduleException.invalid(node(stepSize, gamma), "stepSize", stepSize, "> 0");
        }
        if (!(gamma >= 0) || Double.isInfinite(gamma)) {
            throw ScheduleException.invalid(node(stepSize, gamma), "gamma", Call.num(gamma), "finite and >= 0");
        }
    }

    private static String node(Span stepSize, double gamma) {
        return "step(stepSize=" + stepSize + ", gamma=" + Call.num(gamma) + ")";
    }

    /** The same decay with another factor. */
    public StepDecay gamma(double gamma) {
        return new StepDecay(stepSize, gamma);
    }

    @Override
    public Span duration() {
        return null;
    }

    @Override
    public Curve curve(Frame frame) {
        long size = frame.ticks(stepSize, this, "stepSize");
        return (t, base, state) -> base * Math.pow(gamma, t / size);
    }

    @Override
    public String toString() {
        return new Call("step").arg("stepSize", stepSize).arg("gamma", gamma, 0.1).toString();
    }
}
