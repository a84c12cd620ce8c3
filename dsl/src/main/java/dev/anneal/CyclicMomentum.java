package dev.anneal;

import dev.anneal.graph.Curve;
import dev.anneal.graph.Frame;

/** {@code cyclic(...).momentum()}: the momentum of a cyclical schedule (absolute values; the base is ignored). */
record CyclicMomentum(Cyclic cycle) implements Schedule {

    @Override
    public Span duration() {
        return null;
    }

    @Override
    public Curve curve(Frame frame) {
        return cycle.curve(frame, true);
    }

    @Override
    public String toString() {
        return cycle + ".momentum()";
    }
}
