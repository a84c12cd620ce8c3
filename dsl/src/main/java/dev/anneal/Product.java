package dev.anneal;

import dev.anneal.graph.Curve;
import dev.anneal.graph.Frame;
import java.util.Objects;

/** {@code left * right}: the right schedule's value is the left one's base. */
record Product(Schedule left, Schedule right) implements Schedule {

    Product {
        Objects.requireNonNull(left, "left");
        Objects.requireNonNull(right, "right");
    }

    /** The longer of the two durations; none if either has none. */
    @Override
    public Span duration() {
        Span a = left.duration();
        Span b = right.duration();
        if (a == null || b == null || a.unit() != b.unit()) {
            return null;
        }
        return a.amount() >= b.amount() ? a : b;
    }

    @Override
    public Curve curve(Frame frame) {
        Curve l = left.curve(frame);
        Curve r = right.curve(frame);
        return (t, base, state) -> l.value(t, r.value(t, base, state), state);
    }

    @Override
    public String toString() {
        boolean wrapLeft = left instanceof Sequence;
        boolean wrapRight = right instanceof Sequence || right instanceof Product || right instanceof Scaled;
        return Call.group(left, wrapLeft) + " * " + Call.group(right, wrapRight);
    }
}
