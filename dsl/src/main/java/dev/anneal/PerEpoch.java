package dev.anneal;

import dev.anneal.graph.Curve;
import dev.anneal.graph.Frame;
import java.util.Objects;

/**
 * {@code schedule.perEpoch()}: the schedule advances once per epoch; inside, time and plain lengths
 * count epochs, as with a PyTorch scheduler stepped at the end of each epoch.
 */
record PerEpoch(Schedule schedule) implements Schedule {

    PerEpoch {
        Objects.requireNonNull(schedule, "schedule");
    }

    @Override
    public Span duration() {
        Span d = schedule.duration();
        return d == null ? null : Span.epochs(d.amount());
    }

    @Override
    public Curve curve(Frame frame) {
        Curve c = schedule.curve(frame.inEpochs(this));
        long spe = frame.clock().stepsPerEpoch();
        return (t, base, state) -> c.value(t / spe, base, state);
    }

    @Override
    public String toString() {
        return Call.postfix(schedule, new Call("perEpoch"));
    }
}
