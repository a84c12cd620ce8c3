package dev.anneal.runtime.dl4j;

import dev.anneal.Clock;
import dev.anneal.Schedule;
import dev.anneal.ScheduleGraph;
import java.util.Objects;
import org.nd4j.linalg.schedule.ISchedule;

/**
 * A compiled Anneal schedule as DL4J's {@link ISchedule}, so DL4J users can put Anneal schedules into
 * their updaters. DL4J passes the iteration (the optimizer step) and the epoch; the schedule's epoch
 * lengths were already turned into steps by the clock it was compiled with, so only the iteration
 * is read. Schedules with a plateau need metrics DL4J does not report and are refused.
 *
 * <pre>{@code
 * ScheduleGraph graph = warmup(50).then(cosine(450)).compile(Clock.of(25, 500));
 * IUpdater updater = new Nesterovs(new AnnealSchedule(graph, 0.1), 0.9);
 * }</pre>
 */
public final class AnnealSchedule implements ISchedule {
    private final ScheduleGraph graph;
    private final double base;

    /** The learning rate {@code graph.lr(iteration, base)}. */
    public AnnealSchedule(ScheduleGraph graph, double base) {
        this.graph = Objects.requireNonNull(graph, "graph");
        if (graph.isStateful()) {
            throw new IllegalArgumentException("schedule " + graph.schedule()
                    + " has a plateau, which needs validation metrics that DL4J's ISchedule does not get");
        }
        this.base = base;
    }

    /** Compiles {@code schedule} with {@code clock} and wraps it. */
    public static AnnealSchedule of(Schedule schedule, Clock clock, double base) {
        return new AnnealSchedule(schedule.compile(clock), base);
    }

    @Override
    public double valueAt(int iteration, int epoch) {
        return graph.lr(iteration, base);
    }

    /** The wrapped graph is immutable, so the clone is this object. */
    @Override
    public ISchedule clone() {
        return this;
    }

    @Override
    public String toString() {
        return "AnnealSchedule[" + graph.schedule() + ", base=" + base + "]";
    }
}
