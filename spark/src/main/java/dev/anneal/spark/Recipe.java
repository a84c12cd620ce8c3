package dev.anneal.spark;

import dev.anneal.Clock;
import dev.anneal.Schedule;
import dev.anneal.runtime.Activation;
import dev.anneal.runtime.Hyperparameter;
import dev.anneal.runtime.Init;
import dev.anneal.runtime.Layer;
import dev.anneal.runtime.Loss;
import dev.anneal.runtime.Mlp;
import dev.anneal.runtime.Optimizer;
import dev.anneal.runtime.ParamGroup;
import dev.anneal.runtime.Parameter;
import dev.anneal.runtime.backend.Precision;
import dev.anneal.runtime.nd4j.CpuBackend;
import dev.anneal.runtime.nd4j.CpuThreads;
import dev.anneal.runtime.training.StepRunner;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.spark.TaskContext;

/**
 * What a worker needs to make the run's {@link StepRunner}, in a form that travels: the network's
 * layers, the optimizer's numbers, its param groups by the names of their parameters, the schedules
 * as text (read back with {@link Schedule#parse}), the clock and the batching.
 */
record Recipe(int inputs, int[] units, Activation[] activations, Init[] inits, Loss loss, Optimizer.Kind kind,
              double[] optimizer, boolean nesterov, List<Group> groups, Map<Hyperparameter, String> schedules,
              long stepsPerEpoch, long totalSteps, int batchSize, boolean shuffle, long shuffleSeed,
              Precision precision) implements Serializable {

    /**
     * A param group as it travels: the parameters its selector took on the driver (a selector is code,
     * which need not travel), its own settings and its schedules as text.
     */
    record Group(String name, List<String> parameters, Double lr, Double momentum, Double weightDecay,
                 Map<Hyperparameter, String> schedules) implements Serializable {

        ParamGroup group() {
            ParamGroup g = new ParamGroup(name, p -> parameters.contains(p.name()), lr, momentum, weightDecay, Map.of());
            for (Map.Entry<Hyperparameter, String> e : schedules.entrySet()) {
                g = g.schedule(e.getKey(), Schedule.parse(e.getValue()));
            }
            return g;
        }
    }

    /** The recipe of a run; refuses what cannot travel (schedules whose text does not read back). */
    static Recipe of(Mlp mlp, Optimizer opt, Map<Hyperparameter, Schedule> schedules, Clock clock, int batchSize,
                     boolean shuffle, long shuffleSeed, Precision precision) {
        List<Group> groups = groups(mlp, opt, precision);
        Map<Hyperparameter, String> text = text(schedules);
        List<Layer> layers = mlp.layers();
        int n = layers.size();
        int[] units = new int[n];
        Activation[] activations = new Activation[n];
        Init[] inits = new Init[n];
        for (int i = 0; i < n; i++) {
            units[i] = layers.get(i).units();
            activations[i] = layers.get(i).activation();
            inits[i] = layers.get(i).init();
        }
        return new Recipe(mlp.inputs(), units, activations, inits, mlp.loss(), opt.kind(),
                new double[] {opt.lr(), opt.momentum(), opt.dampening(), opt.beta2(), opt.eps(), opt.weightDecay()},
                opt.nesterov(), groups, text, clock.stepsPerEpoch(), clock.totalSteps(), batchSize, shuffle, shuffleSeed,
                precision);
    }

    /** The runner of worker {@code worker}: its own shuffle seed, the run's everything else. */
    StepRunner runner(int worker) {
        Mlp mlp = Mlp.input(inputs);
        for (int i = 0; i < units.length; i++) {
            mlp = mlp.dense(units[i], activations[i], inits[i]);
        }
        mlp = mlp.loss(loss);
        Optimizer opt = new Optimizer(kind, optimizer[0], optimizer[1], optimizer[2], nesterov, optimizer[3],
                optimizer[4], optimizer[5], groups.stream().map(Group::group).toList());
        StepRunner.Builder b = StepRunner.builder(mlp).optimizer(opt).clock(Clock.of(stepsPerEpoch, totalSteps))
                .batchSize(batchSize).shuffle(shuffle, workerSeed(shuffleSeed, worker))
                .backend(CpuBackend.create(precision, workerThreads()));
        for (Map.Entry<Hyperparameter, String> e : schedules.entrySet()) {
            b.schedule(e.getKey(), Schedule.parse(e.getValue()));
        }
        return b.build();
    }

    /**
     * The optimizer's param groups by the parameters each takes of a network of {@code mlp}'s shape
     * (a parameter belongs to the first group that selects it, as on one machine).
     */
    private static List<Group> groups(Mlp mlp, Optimizer opt, Precision precision) {
        if (opt.groups().isEmpty()) {
            return List.of();
        }
        List<Parameter> params = mlp.build(CpuBackend.create(precision), 0).parameters();
        Set<String> taken = new HashSet<>();
        List<Group> out = new ArrayList<>();
        for (ParamGroup g : opt.groups()) {
            List<String> mine = new ArrayList<>();
            for (Parameter p : params) {
                if (!taken.contains(p.name()) && g.selector().test(p)) {
                    mine.add(p.name());
                    taken.add(p.name());
                }
            }
            out.add(new Group(g.name(), mine, g.lr(), g.momentum(), g.weightDecay(), text(g.schedules())));
        }
        return out;
    }

    /** The schedules as text; refuses one whose text does not read back (it could not travel). */
    static Map<Hyperparameter, String> text(Map<Hyperparameter, Schedule> schedules) {
        Map<Hyperparameter, String> text = new TreeMap<>();
        for (Map.Entry<Hyperparameter, Schedule> e : schedules.entrySet()) {
            String s = e.getValue().toString();
            if (!Schedule.parse(s).equals(e.getValue())) {
                throw new IllegalArgumentException("schedule '" + s + "' does not read back from its text, so it cannot"
                        + " be sent to Spark workers");
            }
            text.put(e.getKey(), s);
        }
        return text;
    }

    /**
     * The threads a worker's backend computes with: the cores Spark gave its task ({@code
     * spark.task.cpus}, 1 unless set), so that an executor running a task on each of its cores is not
     * oversubscribed (the runtime's own default is every core of the machine); the {@value
     * CpuThreads#PROPERTY} system property, when set, and outside a task, the runtime's default.
     */
    static int workerThreads() {
        TaskContext task = TaskContext.get();
        if (task == null || System.getProperty(CpuThreads.PROPERTY) != null) {
            return CpuThreads.defaultCount();
        }
        return task.cpus();
    }

    /** Worker 0 shuffles as a single machine would; the others with seeds derived from it. */
    static long workerSeed(long seed, int worker) {
        return seed + worker * 0x9E3779B97F4A7C15L;
    }
}
