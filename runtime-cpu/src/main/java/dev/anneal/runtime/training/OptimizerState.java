package dev.anneal.runtime.training;

import dev.anneal.Schedule;
import dev.anneal.runtime.Hyperparameter;
import dev.anneal.runtime.Network;
import dev.anneal.runtime.Optimizer;
import dev.anneal.runtime.ParamGroup;
import dev.anneal.runtime.Parameter;
import dev.anneal.runtime.backend.Backend;
import dev.anneal.runtime.backend.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** An {@link Optimizer} at work on a network: groups with their schedules, and per-parameter buffers. */
public final class OptimizerState {
    final Optimizer spec;
    final GroupState[] groups;
    final Tensor[] first;
    final Tensor[] second;
    final boolean[] started;
    long steps;
    private final Backend backend;
    private final List<Parameter> params;

    public OptimizerState(Optimizer spec, Network network, Map<Hyperparameter, Schedule> schedules, ScheduleSet set) {
        this.spec = spec;
        this.backend = network.backend();
        this.params = network.parameters();
        int n = params.size();
        int[] owner = new int[n];
        java.util.Arrays.fill(owner, -1);
        List<GroupState> resolved = new ArrayList<>();
        for (ParamGroup g : spec.groups()) {
            List<Integer> mine = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                if (owner[i] < 0 && g.selector().test(params.get(i))) {
                    owner[i] = resolved.size();
                    mine.add(i);
                }
            }
            if (mine.isEmpty()) {
                throw new IllegalArgumentException("param group '" + g.name() + "' selects no parameter of "
                        + params.stream().map(Parameter::name).toList());
            }
            GroupState gs = new GroupState(g.name(), mine.stream().mapToInt(Integer::intValue).toArray(),
                    g.lr() != null ? g.lr() : spec.lr(), g.momentum() != null ? g.momentum() : spec.momentum(),
                    g.weightDecay() != null ? g.weightDecay() : spec.weightDecay());
            attach(gs, g.schedules(), schedules, set);
            resolved.add(gs);
        }
        List<Integer> rest = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (owner[i] < 0) {
                rest.add(i);
            }
        }
        if (!rest.isEmpty()) {
            GroupState gs = new GroupState("default", rest.stream().mapToInt(Integer::intValue).toArray(),
                    spec.lr(), spec.momentum(), spec.weightDecay());
            attach(gs, Map.of(), schedules, set);
            resolved.add(gs);
        }
        groups = resolved.toArray(new GroupState[0]);
        first = new Tensor[n];
        second = new Tensor[n];
        started = new boolean[n];
        for (int i = 0; i < n; i++) {
            Parameter p = params.get(i);
            first[i] = backend.zeros(p.rows(), p.cols());
            second[i] = spec.kind() == Optimizer.Kind.SGD ? null : backend.zeros(p.rows(), p.cols());
        }
    }

    private static void attach(GroupState gs, Map<Hyperparameter, Schedule> own, Map<Hyperparameter, Schedule> run,
                               ScheduleSet set) {
        for (Hyperparameter h : Hyperparameter.values()) {
            Schedule s = own.containsKey(h) ? own.get(h) : run.get(h);
            if (s != null) {
                gs.schedules[h.ordinal()] = set.get(s);
            }
        }
    }

    /** Reads the schedules at {@code step} and updates every parameter from its gradient. */
    public void step(long step) {
        steps++;
        boolean sgd = spec.kind() == Optimizer.Kind.SGD;
        for (GroupState g : groups) {
            g.evaluate(step);
            double lr = g.current[GroupState.LR];
            double momentum = g.current[GroupState.MOMENTUM];
            double wd = g.current[GroupState.WEIGHT_DECAY];
            for (int i : g.params) {
                Parameter p = params.get(i);
                if (sgd) {
                    boolean fresh = momentum != 0.0 && !started[i];
                    backend.sgd(p.valueTensor(), p.gradientTensor(), first[i], lr, momentum, spec.dampening(), wd, spec.nesterov(), fresh);
                    started[i] |= momentum != 0.0;
                } else {
                    backend.adam(p.valueTensor(), p.gradientTensor(), first[i], second[i], lr, momentum, spec.beta2(), spec.eps(), wd,
                            spec.kind() == Optimizer.Kind.ADAMW, steps);
                }
            }
        }
    }

    /** Each group's learning rate at {@code step}, by group name. */
    Map<String, Double> lrsAt(long step) {
        Map<String, Double> m = new LinkedHashMap<>();
        for (GroupState g : groups) {
            m.put(g.name, g.lrAt(step));
        }
        return m;
    }

    /** The current learning rate of group {@code g}. */
    double lr(int g) {
        return groups[g].current[GroupState.LR];
    }

    /**
     * Each group's learning rate by group name: the current ones ({@code values} null), or
     * {@code values[offset + g]} for group {@code g}.
     */
    Map<String, Double> lrs(double[] values, int offset) {
        Map<String, Double> m = new LinkedHashMap<>();
        for (int g = 0; g < groups.length; g++) {
            m.put(groups[g].name, values == null ? lr(g) : values[offset + g]);
        }
        return m;
    }
}
