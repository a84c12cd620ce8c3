package dev.anneal.graph;

import dev.anneal.RunState;
import dev.anneal.Schedule;
import dev.anneal.ScheduleGraph;

/**
 * A compiled schedule node: the value at local time {@code t} (in the ticks of its frame, counted
 * from the node's own start) applied to {@code base}. Curves are immutable, allocation-free and
 * thread-safe; they are built by {@link Schedule#curve(Frame)} and combined into a
 * {@link ScheduleGraph}. Implement one only to write a schedule node of your own:
 * <pre>{@code
 * Curve halfAfter100 = (t, base, state) -> t < 100 ? base : base / 2;
 * }</pre>
 */
@FunctionalInterface
public interface Curve {
    /**
     * The value at local tick {@code t >= 0}.
     *
     * @param t     local time in the frame's ticks
     * @param base  the value the schedule is applied to (a base learning rate, or a wrapped schedule's value)
     * @param state the run's state (plateaus); never null while evaluating a stateful graph
     */
    double value(long t, double base, RunState state);
}
