package dev.anneal;

import dev.anneal.graph.Curve;
import dev.anneal.graph.Frame;
import java.util.Objects;

/** {@code schedule.clamp(min=.., max=..)}: the value kept within {@code [min, max]}. */
record Clamped(Schedule schedule, double min, double max) implements Schedule {

    Clamped {
        Objects.requireNonNull(schedule, "schedule");
        if (Double.isNaN(min) || Double.isNaN(max) || min > max) {
            throw new ScheduleException("clamp(min=" + Call.num(min) + ", max=" + Call.num(max)
                    + "): min must be <= max, both numbers");
        }
    }

    @Override
    public Span duration() {
        return schedule.duration();
    }

    @Override
    public Curve curve(Frame frame) {
        Curve c = schedule.curve(frame);
        return (t, base, state) -> Math.min(max, Math.max(min, c.value(t, base, state)));
    }

    @Override
    public String toString() {
        return Call.postfix(schedule, new Call("clamp").arg("min", min, 0.0).arg("max", max, Double.POSITIVE_INFINITY));
    }
}
