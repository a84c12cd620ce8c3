package dev.anneal;

import dev.anneal.graph.Curve;
import dev.anneal.graph.Frame;
import dev.anneal.graph.PlateauSlot;
import java.util.ArrayList;
import java.util.List;

/**
 * A compiled schedule: an immutable, thread-safe function from the optimizer step to a value.
 * Evaluation is closed-form (O(log segments)), allocates nothing and does not depend on which steps
 * were evaluated before, so any step can be read at any time, in any order.
 *
 * <pre>{@code
 * ScheduleGraph graph = Schedule.warmup(10).then(Schedule.cosine(90, 1e-6)).compile();
 * double lr = graph.lr(55, 0.1);          // (0.1 + 1e-6) / 2
 * }</pre>
 * The same graph drives any hyperparameter: pass that hyperparameter's base value
 * ({@code graph.lr(step, 0.9)} for momentum). Graphs with a plateau need a {@link RunState}:
 * <pre>{@code
 * RunState state = graph.newRunState();
 * double lr = graph.lr(step, 0.1, state);
 * state.observe(step, validationLoss);   // at the end of each epoch
 * }</pre>
 */
public final class ScheduleGraph {
    private final Schedule schedule;
    private final Clock clock;
    private final Curve curve;
    private final PlateauSlot[] plateaus;

    private ScheduleGraph(Schedule schedule, Clock clock, Curve curve, PlateauSlot[] plateaus) {
        this.schedule = schedule;
        this.clock = clock;
        this.curve = curve;
        this.plateaus = plateaus;
    }

    static ScheduleGraph compile(Schedule schedule, Clock clock) {
        List<PlateauSlot> plateaus = new ArrayList<>();
        Curve curve = schedule.curve(Frame.root(clock, plateaus));
        return new ScheduleGraph(schedule, clock, curve, plateaus.toArray(new PlateauSlot[0]));
    }

    /**
     * The value at {@code step} applied to {@code base}, for graphs without state.
     *
     * @throws IllegalStateException if the graph has a plateau (use {@link #lr(long, double, RunState)})
     */
    public double lr(long step, double base) {
        if (plateaus.length != 0) {
            throw new IllegalStateException("schedule " + schedule
                    + " has a plateau, which needs a run state: use lr(step, base, graph.newRunState())");
        }
        checkStep(step);
        return curve.value(step, base, null);
    }

    /** The value at {@code step} applied to {@code base}, with the run's state (plateaus). */
    public double lr(long step, double base, RunState state) {
        if (state.graph() != this) {
            throw new IllegalArgumentException("run state belongs to another graph (" + state.graph().schedule + ")");
        }
        checkStep(step);
        return curve.value(step, base, state);
    }

    private static void checkStep(long step) {
        if (step < 0) {
            throw new IllegalArgumentException("step must be >= 0, got " + step);
        }
    }

    /** A fresh run state for this graph: no metrics observed yet. */
    public RunState newRunState() {
        return new RunState(this);
    }

    /** Whether evaluation needs a {@link RunState} (the schedule has a plateau). */
    public boolean isStateful() {
        return plateaus.length != 0;
    }

    /** The schedule this graph was compiled from. */
    public Schedule schedule() {
        return schedule;
    }

    /** The clock this graph was compiled with. */
    public Clock clock() {
        return clock;
    }

    PlateauSlot[] plateaus() {
        return plateaus;
    }

    @Override
    public String toString() {
        return "ScheduleGraph[" + schedule + ", " + clock + "]";
    }
}
