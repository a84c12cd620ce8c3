package dev.anneal;

import dev.anneal.graph.Curve;
import dev.anneal.graph.Frame;
import java.util.Objects;
import java.util.function.LongToDoubleFunction;

/** {@code function(name)}: {@code lr = base * f(t)} for a Java or Kotlin function; it has no parseable text form. */
record LambdaSchedule(String name, LongToDoubleFunction factor) implements Schedule {

    LambdaSchedule {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(factor, "factor");
    }

    @Override
    public Span duration() {
        return null;
    }

    @Override
    public Curve curve(Frame frame) {
        return (t, base, state) -> base * factor.applyAsDouble(t);
    }

    @Override
    public String toString() {
        return "function(" + name + ")";
    }
}
