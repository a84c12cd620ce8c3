package dev.anneal;

import dev.anneal.graph.PlateauSlot;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The mutable part of a run's schedule: for each plateau of a {@link ScheduleGraph}, the best metric
 * so far, the bad epochs, the cooldown and the reductions made. The trainer owns it, reports the
 * monitored metric with {@link #observe(long, double)} at the end of each epoch, and saves it with
 * {@link #stateDict()} so a resumed run continues with exactly the values an uninterrupted one has.
 *
 * <pre>{@code
 * RunState state = graph.newRunState();
 * state.observe(stepsDone, valLoss);
 * Map<String, Object> saved = state.stateDict();
 * RunState resumed = graph.newRunState();
 * resumed.loadStateDict(saved);
 * }</pre>
 */
public final class RunState {
    private final ScheduleGraph graph;
    private final double[] best;
    private final long[] badEpochs;
    private final long[] cooldown;
    private final long[] reductions;
    private final long[] observations;

    RunState(ScheduleGraph graph) {
        this.graph = graph;
        PlateauSlot[] slots = graph.plateaus();
        int n = slots.length;
        best = new double[n];
        badEpochs = new long[n];
        cooldown = new long[n];
        reductions = new long[n];
        observations = new long[n];
        for (int i = 0; i < n; i++) {
            best[i] = slots[i].plateau().worst();
        }
    }

    ScheduleGraph graph() {
        return graph;
    }

    long reductions(int slot) {
        return reductions[slot];
    }

    /**
     * Reports the monitored metric (validation loss, accuracy...) after {@code step} optimizer steps,
     * normally at the end of an epoch. Every plateau that has been active for at least one step and
     * has not ended by {@code step} takes it into account; the others ignore it.
     */
    public void observe(long step, double metric) {
        PlateauSlot[] slots = graph.plateaus();
        for (int i = 0; i < slots.length; i++) {
            if (step <= slots[i].fromStep() || step > slots[i].toStep()) {
                continue;
            }
            Plateau p = slots[i].plateau();
            observations[i]++;
            if (p.isBetter(metric, best[i])) {
                best[i] = metric;
                badEpochs[i] = 0;
            } else {
                badEpochs[i]++;
            }
            if (cooldown[i] > 0) {
                cooldown[i]--;
                badEpochs[i] = 0;
            }
            if (badEpochs[i] > p.patience()) {
                reductions[i]++;
                cooldown[i] = p.cooldown();
                badEpochs[i] = 0;
            }
        }
    }

    /** The state as plain values (maps, lists, numbers), for checkpoints. */
    public Map<String, Object> stateDict() {
        List<Map<String, Object>> list = new ArrayList<>();
        for (int i = 0; i < best.length; i++) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("best", best[i]);
            m.put("badEpochs", badEpochs[i]);
            m.put("cooldown", cooldown[i]);
            m.put("reductions", reductions[i]);
            m.put("observations", observations[i]);
            list.add(m);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("schedule", graph.schedule().toString());
        out.put("plateaus", list);
        return out;
    }

    /**
     * Restores a state saved by {@link #stateDict()} from a graph of the same schedule.
     *
     * @throws IllegalArgumentException naming the field when the saved state does not fit this graph
     */
    public void loadStateDict(Map<String, ?> state) {
        Object saved = state.get("plateaus");
        if (!(saved instanceof List<?> list)) {
            throw new IllegalArgumentException("run state: 'plateaus' must be a list, got " + saved);
        }
        if (list.size() != best.length) {
            throw new IllegalArgumentException("run state: saved for " + list.size() + " plateau(s) (schedule "
                    + state.get("schedule") + "), but " + graph.schedule() + " has " + best.length);
        }
        for (int i = 0; i < best.length; i++) {
            if (!(list.get(i) instanceof Map<?, ?> m)) {
                throw new IllegalArgumentException("run state: plateaus[" + i + "] must be a map, got " + list.get(i));
            }
            best[i] = number(m, "best", i).doubleValue();
            badEpochs[i] = number(m, "badEpochs", i).longValue();
            cooldown[i] = number(m, "cooldown", i).longValue();
            reductions[i] = number(m, "reductions", i).longValue();
            observations[i] = number(m, "observations", i).longValue();
        }
    }

    private static Number number(Map<?, ?> m, String key, int i) {
        Object v = m.get(key);
        if (v instanceof Number n) {
            return n;
        }
        if (v instanceof String s) {
            try {
                return Double.valueOf(s);
            } catch (NumberFormatException e) {
                // fall through to the error below
            }
        }
        throw new IllegalArgumentException("run state: plateaus[" + i + "]." + key + " must be a number, got " + v);
    }
}
