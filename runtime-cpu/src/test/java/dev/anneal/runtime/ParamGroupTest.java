package dev.anneal.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.anneal.Clock;
import dev.anneal.Schedule;
import dev.anneal.ScheduleGraph;
import dev.anneal.runtime.backend.Precision;
import dev.anneal.runtime.nd4j.CpuBackend;
import dev.anneal.runtime.training.OptimizerState;
import dev.anneal.runtime.training.ScheduleSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ParamGroupTest {
    private static final Dataset XOR = Dataset.classification(
            new double[][] {{0, 0}, {0, 1}, {1, 0}, {1, 1}, {0.1, 0.9}, {0.9, 0.1}, {0.9, 0.9}, {0.1, 0.1}},
            new int[] {0, 1, 1, 0, 1, 1, 0, 0});

    /**
     * Two full-batch steps (so the gradients of each step are the batch's), each group checked against
     * PyTorch's SGD worked by hand with that group's own lr and weight decay: {@code g' = g + wd * p},
     * {@code buf = g'} on the first step and {@code momentum * buf + g'} after, {@code p -= lr * buf}.
     */
    @Test
    void eachGroupKeepsItsOwnLearningRateAndWeightDecay() {
        List<double[][]> after = new ArrayList<>();
        List<double[][]> gradients = new ArrayList<>();
        Trainer t = Trainer.builder(Mlp.input(2).dense(8, Activation.TANH).dense(2))
                .optimizer(Optimizer.sgd(0.1).momentum(0.9).weightDecay(1e-3)
                        .group(ParamGroup.biases().lr(0.05).weightDecay(0.01)))
                .backend(CpuBackend.create(Precision.FLOAT64))
                .batchSize(8).epochs(2).seed(1)
                .listener(new TrainingListener() {
                    @Override
                    public void onEpochEnd(EpochRecord epoch, Trainer trainer) {
                    }

                    @Override
                    public void onStep(int epoch, int batch, int batches, Trainer trainer) {
                        after.add(trainer.network().parameters().stream().map(Parameter::values).toArray(double[][]::new));
                        gradients.add(trainer.network().parameters().stream().map(Parameter::gradient)
                                .toArray(double[][]::new));
                    }
                }).build();
        List<Parameter> params = t.network().parameters();
        double[][] p = params.stream().map(Parameter::values).toArray(double[][]::new);
        History h = t.fit(XOR, null);

        assertEquals(Map.of("biases", 0.05, "default", 0.1), h.last().lr());
        assertEquals(2, after.size(), "one step per epoch");
        double[][] buf = new double[params.size()][];
        for (int step = 0; step < 2; step++) {
            for (int i = 0; i < params.size(); i++) {
                boolean bias = params.get(i).isBias();
                double lr = bias ? 0.05 : 0.1;
                double wd = bias ? 0.01 : 1e-3;
                double[] g = gradients.get(step)[i];
                if (buf[i] == null) {
                    buf[i] = new double[g.length];
                }
                for (int k = 0; k < g.length; k++) {
                    double decayed = g[k] + wd * p[i][k];
                    buf[i][k] = step == 0 ? decayed : 0.9 * buf[i][k] + decayed;
                    p[i][k] -= lr * buf[i][k];
                }
                assertArrayEquals(p[i], after.get(step)[i], 1e-15, params.get(i) + " after step " + step);
            }
        }
    }

    @Test
    void aGroupScheduleOverridesTheTrainersAndBothFollowTheirGraphs() {
        Schedule halve = Schedule.step(2).gamma(0.5);
        Trainer t = Trainer.builder(Mlp.input(2).dense(4, Activation.RELU).dense(2))
                .optimizer(Optimizer.sgd(0.2).group(ParamGroup.biases().schedule(Hyperparameter.LR, Schedule.constant(0.5))))
                .schedule(halve).batchSize(4).epochs(3).seed(1).recordSteps(true).build();
        History h = t.fit(XOR, null);
        ScheduleGraph g = halve.compile(Clock.of(2, 6));
        for (StepRecord s : h.steps()) {
            assertEquals(g.lr(s.step(), 0.2), s.lr().get("default"), 0.0, "step " + s.step());
            assertEquals(0.1, s.lr().get("biases"), 0.0);
        }
    }

    /**
     * The update of each step uses the momentum the schedule gives at that step: with the gradient set
     * by hand, the parameters follow {@code buf = momentum(s) * buf + g}, {@code p -= lr * buf}.
     */
    @Test
    void aMomentumScheduleDrivesSgdMomentumEveryStep() {
        Network net = Mlp.input(2).dense(2).build(CpuBackend.create(Precision.FLOAT64), 1);
        Schedule cycle = Schedule.oneCycle(10).momentum();
        OptimizerState opt = new OptimizerState(Optimizer.sgd(0.1).momentum(0.9), net,
                Map.of(Hyperparameter.MOMENTUM, cycle), new ScheduleSet(Clock.of(5, 10)));
        ScheduleGraph graph = cycle.compile(Clock.of(5, 10));
        List<Parameter> params = net.parameters();
        double[][] p = params.stream().map(Parameter::values).toArray(double[][]::new);
        double[][] buf = new double[params.size()][];
        java.util.Set<Double> seen = new java.util.HashSet<>();
        for (long s = 0; s < 10; s++) {
            double momentum = graph.lr(s, 0.9);
            seen.add(momentum);
            for (int i = 0; i < params.size(); i++) {
                double[] g = new double[p[i].length];
                for (int k = 0; k < g.length; k++) {
                    g[k] = 0.25 + 0.125 * k - 0.0625 * s;
                }
                net.backend().upload(g, params.get(i).grad);
                if (buf[i] == null) {
                    buf[i] = g.clone();
                } else {
                    for (int k = 0; k < g.length; k++) {
                        buf[i][k] = momentum * buf[i][k] + g[k];
                    }
                }
                for (int k = 0; k < g.length; k++) {
                    p[i][k] -= 0.1 * buf[i][k];
                }
            }
            opt.step(s);
            for (int i = 0; i < params.size(); i++) {
                assertArrayEquals(p[i], params.get(i).values(), 1e-15, params.get(i) + " after step " + s
                        + " (momentum " + momentum + ")");
            }
        }
        assertTrue(seen.size() > 5, "momentum cycles: " + seen);
    }

    @Test
    void aGroupThatSelectsNothingIsAnError() {
        Trainer t = Trainer.builder(Mlp.input(2).dense(2))
                .optimizer(Optimizer.sgd(0.1).group(ParamGroup.of("layer 5", p -> p.layer() == 5))).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> t.fit(XOR, null));
        assertTrue(e.getMessage().contains("param group 'layer 5' selects no parameter"), e.getMessage());
    }
}
