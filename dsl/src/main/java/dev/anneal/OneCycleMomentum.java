package dev.anneal;

import dev.anneal.graph.Curve;
import dev.anneal.graph.Frame;

/** {@code oneCycle(...).momentum()}: the momentum of a one-cycle policy (absolute values; the base is ignored). */
record OneCycleMomentum(OneCycle cycle) implements Schedule {

    @Override
    public Span duration() {
        return cycle.duration();
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
