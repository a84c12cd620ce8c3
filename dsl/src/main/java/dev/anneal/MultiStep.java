package dev.anneal;

import dev.anneal.graph.Curve;
import dev.anneal.graph.Frame;
import java.util.List;
import java.util.Objects;

/**
 * {@code multiStep(milestones=[30, 80], gamma=0.1)}: multiplies the base by {@code gamma} at each
 * milestone: {@code lr(t) = base * gamma^(number of milestones <= t)}. No duration.
 * <pre>{@code
 * Schedule lr = Schedule.multiStep(30, 80).gamma(0.5);
 * }</pre>
 *
 * @param milestones strictly increasing times of the decays
 * @param gamma      the factor applied at each milestone, {@code >= 0}
 */
public record MultiStep(List<Span> milestones, double gamma) implements Schedule {

    /** Checks the parameters. */
    public MultiStep {
        milestones = List.copyOf(milestones);
        for (int i = 1; i < milestones.size(); i++) {
            Span a = milestones.get(i - 1);
            Span b = milestones.get(i);
            if (a.unit() == b.unit() && a.amount() >= b.amount()) {
                throw ScheduleException.invalid(node(milestones, gamma), "milestones", milestones, "strictly increasing");
            }
        }
        if (!(gamma >= 0) || Double.isInfinite(gamma)) {
            throw ScheduleException.invalid(node(milestones, gamma), "gamma", Call.num(gamma), "finite and >= 0");
        }
    }

    private static String node(List<Span> milestones, double gamma) {
        return "multiStep(milestones=" + milestones + ", gamma=" + Call.num(gamma) + ")";
    }

    /** The same milestones with another factor. */
    public MultiStep gamma(double gamma) {
        return new MultiStep(milestones, gamma);
    }

    @Override
    public Span duration() {
        return null;
    }

    @Override
    public Curve curve(Frame frame) {
        long[] at = new long[milestones.size()];
        for (int i = 0; i < at.length; i++) {
            at[i] = frame.ticks(milestones.get(i), this, "milestones");
            if (i > 0 && at[i] <= at[i - 1]) {
                throw ScheduleException.invalid(toString(), "milestones", milestones, "strictly increasing once in steps");
            }
        }
        return (t, base, state) -> {
            int lo = 0;
            int hi = at.length;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (at[mid] <= t) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            return base * Math.pow(gamma, lo);
        };
    }

    @Override
    public String toString() {
        return new Call("multiStep").arg("milestones", milestones).arg("gamma", gamma, 0.1).toString();
    }
}
