package dev.anneal;

import dev.anneal.graph.Curve;
import dev.anneal.graph.Frame;
import java.util.Objects;

/** {@code factor * schedule}. */
record Scaled(double factor, Schedule schedule) implements Schedule {

    Scaled {
        Objects.requireNonNull(schedule, "schedule");
        if (!Double.isFinite(factor)) {
            throw ScheduleException.invalid("scale(" + Call.num(factor) + ")", "factor", Call.num(factor), "finite");
        }
    }

    @Override
    public Span duration() {
        return schedule.duration();
    }

    @Override
    public Curve curve(Frame frame) {
        Curve c = schedule.curve(frame);
        return (t, base, state) -> factor * c.value(t, base, state);
    }

    @Override
    public String toString() {
        boolean wrap = schedule instanceof Sequence || schedule instanceof Product || schedule instanceof Scaled;
        return Call.num(factor) + " * " + Call.group(schedule, wrap);
    }
}
