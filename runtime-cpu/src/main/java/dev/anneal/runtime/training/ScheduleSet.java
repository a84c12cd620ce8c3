package dev.anneal.runtime.training;

import dev.anneal.Clock;
import dev.anneal.RunState;
import dev.anneal.Schedule;
import dev.anneal.ScheduleGraph;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The run's schedules, each compiled once with the run's clock, with its run state. */
public final class ScheduleSet {

    /** A compiled schedule and its state. */
    public record Compiled(Schedule schedule, ScheduleGraph graph, RunState state) {
        public double value(long step, double base) {
            return graph.lr(step, base, state);
        }
    }

    private final Clock clock;
    private final List<Compiled> all = new ArrayList<>();

    public ScheduleSet(Clock clock) {
        this.clock = clock;
    }

    public Compiled get(Schedule schedule) {
        for (Compiled c : all) {
            if (c.schedule().equals(schedule)) {
                return c;
            }
        }
        ScheduleGraph graph = schedule.compile(clock);
        Compiled c = new Compiled(schedule, graph, graph.newRunState());
        all.add(c);
        return c;
    }

    /** Feeds the monitored metric to every plateau, after {@code stepsDone} steps. */
    void observe(long stepsDone, double metric) {
        for (Compiled c : all) {
            if (c.graph().isStateful()) {
                c.state().observe(stepsDone, metric);
            }
        }
    }

    List<Map<String, Object>> stateDicts() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Compiled c : all) {
            out.add(c.state().stateDict());
        }
        return out;
    }

    void loadStateDicts(List<Map<String, Object>> saved) {
        if (saved.size() != all.size()) {
            throw new IllegalArgumentException("checkpoint has " + saved.size() + " schedule state(s), this run has "
                    + all.size() + " schedule(s): " + all.stream().map(c -> c.schedule().toString()).toList());
        }
        for (int i = 0; i < all.size(); i++) {
            Object text = saved.get(i).get("schedule");
            if (!all.get(i).schedule().toString().equals(text)) {
                throw new IllegalArgumentException("checkpoint schedule " + i + " is '" + text + "', this run has '"
                        + all.get(i).schedule() + "'");
            }
            all.get(i).state().loadStateDict(saved.get(i));
        }
    }
}
