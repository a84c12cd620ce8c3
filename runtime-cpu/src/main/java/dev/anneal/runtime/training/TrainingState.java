package dev.anneal.runtime.training;

import dev.anneal.runtime.Network;
import dev.anneal.runtime.Parameter;
import dev.anneal.runtime.backend.Backend;
import dev.anneal.runtime.backend.Tensor;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A snapshot of what training changes, as plain arrays that travel (Java serialization) from one
 * process to another: the global step, the parameters, the optimizer's buffers and step count, and
 * each schedule's run state. Data-parallel trainers ship it to workers, run {@link StepRunner} there
 * and average what comes back ({@link #average}); nothing here refers to a backend.
 *
 * <pre>{@code
 * TrainingState start = work.state();                       // on the driver
 * StepRunner.Result r = runner.run(start, shard, batches, null);  // on a worker
 * work.advance(TrainingState.average(List.of(r0.state(), r1.state()), new double[] {r0.rows(), r1.rows()}), ...);
 * }</pre>
 *
 * @param step           the global step the next update uses (steps done so far)
 * @param optimizerSteps the optimizer's update count (Adam's bias correction)
 * @param parameters     each parameter's values, row-major, in {@link Network#parameters()} order
 * @param first          each parameter's first buffer (momentum, Adam's first moment)
 * @param second         each parameter's second buffer (Adam's second moment), or null for SGD
 * @param started        whether each parameter's momentum buffer has been initialised
 * @param schedules      each compiled schedule's run state ({@code RunState.stateDict()}), in run order
 */
public record TrainingState(long step, long optimizerSteps, double[][] parameters, double[][] first,
                            double[][] second, boolean[] started, List<Map<String, Object>> schedules)
        implements Serializable {

    /** Copies the schedule states into serializable maps and lists. */
    public TrainingState {
        List<Map<String, Object>> copy = new ArrayList<>();
        for (Map<String, Object> m : schedules) {
            copy.add(new LinkedHashMap<>(m));
        }
        schedules = copy;
    }

    /**
     * The weighted average of {@code states} (weights, e.g. the rows each worker trained on, must not
     * all be 0): parameters and buffers averaged element by element, a buffer started when any state's
     * is; step, optimizer steps and schedule states from the first state (all must be at the same step).
     */
    public static TrainingState average(List<TrainingState> states, double[] weights) {
        if (states.isEmpty() || states.size() != weights.length) {
            throw new IllegalArgumentException("average: " + states.size() + " states, " + weights.length + " weights");
        }
        double total = 0;
        for (double w : weights) {
            total += w;
        }
        if (!(total > 0)) {
            throw new IllegalArgumentException("average: the weights add up to " + total + ", expected > 0");
        }
        TrainingState head = states.get(0);
        for (TrainingState s : states) {
            if (s.step != head.step) {
                throw new IllegalArgumentException("average: states at steps " + head.step + " and " + s.step);
            }
        }
        boolean[] started = new boolean[head.started.length];
        for (TrainingState s : states) {
            for (int i = 0; i < started.length; i++) {
                started[i] |= s.started[i];
            }
        }
        return new TrainingState(head.step, head.optimizerSteps,
                mean(states, weights, total, TrainingState::parameters), mean(states, weights, total, TrainingState::first),
                head.second == null ? null : mean(states, weights, total, TrainingState::second), started, head.schedules);
    }

    private static double[][] mean(List<TrainingState> states, double[] weights, double total,
                                   java.util.function.Function<TrainingState, double[][]> part) {
        double[][] head = part.apply(states.get(0));
        double[][] out = new double[head.length][];
        for (int p = 0; p < head.length; p++) {
            double[] sum = new double[head[p].length];
            for (int s = 0; s < states.size(); s++) {
                double w = weights[s];
                if (w == 0) {
                    continue;
                }
                double[] v = part.apply(states.get(s))[p];
                for (int i = 0; i < sum.length; i++) {
                    sum[i] += w * v[i];
                }
            }
            for (int i = 0; i < sum.length; i++) {
                sum[i] /= total;
            }
            out[p] = sum;
        }
        return out;
    }

    /** The state of {@code network}, {@code optimizer} and {@code schedules} at {@code step}. */
    static TrainingState of(long step, Network network, OptimizerState optimizer, ScheduleSet schedules) {
        List<Parameter> params = network.parameters();
        int n = params.size();
        double[][] values = new double[n][];
        double[][] first = new double[n][];
        double[][] second = optimizer.second[0] == null ? null : new double[n][];
        for (int i = 0; i < n; i++) {
            values[i] = params.get(i).values();
            first[i] = host(network.backend(), optimizer.first[i]);
            if (second != null) {
                second[i] = host(network.backend(), optimizer.second[i]);
            }
        }
        return new TrainingState(step, optimizer.steps, values, first, second, optimizer.started.clone(),
                schedules.stateDicts());
    }

    /** Puts this state into {@code network}, {@code optimizer} and {@code schedules}. */
    void load(Network network, OptimizerState optimizer, ScheduleSet schedules) {
        List<Parameter> params = network.parameters();
        if (parameters.length != params.size()) {
            throw new IllegalArgumentException("training state has " + parameters.length + " parameters, the network "
                    + params.size());
        }
        if ((second == null) != (optimizer.second[0] == null)) {
            throw new IllegalArgumentException("training state " + (second == null ? "lacks" : "has")
                    + " second moments; the optimizer is " + optimizer.spec.kind());
        }
        for (int i = 0; i < params.size(); i++) {
            params.get(i).set(parameters[i]);
            network.backend().upload(first[i], optimizer.first[i]);
            if (second != null) {
                network.backend().upload(second[i], optimizer.second[i]);
            }
        }
        System.arraycopy(started, 0, optimizer.started, 0, started.length);
        optimizer.steps = optimizerSteps;
        schedules.loadStateDicts(this.schedules);
    }

    private static double[] host(Backend b, Tensor t) {
        double[] out = new double[t.size()];
        b.download(t, out);
        return out;
    }
}
