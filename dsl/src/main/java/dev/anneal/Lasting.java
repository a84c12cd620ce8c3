package dev.anneal;

import dev.anneal.graph.Curve;
import dev.anneal.graph.Frame;
import java.util.Objects;

/** {@code schedule.lasting(n)}: gives a schedule a duration so another can follow it. */
record Lasting(Schedule schedule, Span length) implements Schedule {

    Lasting {
        Objects.requireNonNull(schedule, "schedule");
        Objects.requireNonNull(length, "length");
    }

    @Override
    public Span duration() {
        return length;
    }

    @Override
    public Curve curve(Frame frame) {
        return schedule.curve(frame);
    }

    @Override
    public String toString() {
        return Call.postfix(schedule, new Call("lasting").positional(length));
    }
}
