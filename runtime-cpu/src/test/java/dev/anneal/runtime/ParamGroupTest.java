package dev.anneal.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.anneal.Clock;
import dev.anneal.Schedule;
import dev.anneal.ScheduleGraph;
import dev.anneal.runtime.nd4j.CpuBackend;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ParamGroupTest {
    private static final Dataset XOR = Dataset.classification(
            new double[][] {{0, 0}, {0, 1}, {1, 0}, {1, 1}, {0.1, 0.9}, {0.9, 0.1}, {0.9, 0.9}, {0.1, 0.1}},
            new int[] {0, 1, 1, 0, 1, 1, 0, 0});

    @Test
    void eachGroupKeepsItsOwnLearningRateAndWeightDecay() {
        Trainer t = Trainer.builder(Mlp.input(2).dense(8, Activation.TANH).dense(2))
                .optimizer(Optimizer.sgd(0.1).momentum(0.9).weightDecay(1e-3).group(ParamGroup.biases().lr(0.0)))
                .batchSize(4).epochs(3).seed(1).build();
        History h = t.fit(XOR, null);
        assertEquals(Map.of("biases", 0.0, "default", 0.1), h.last().lr());
        for (Parameter p : t.network().parameters()) {
            double[] values = p.values();
            if (p.isBias()) {
                assertArrayEquals(new double[values.length], values, p + " has lr 0 and starts at 0");
            } else {
                assertTrue(java.util.Arrays.stream(values).anyMatch(v -> v != 0), p.name());
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

    @Test
    void aMomentumScheduleDrivesSgdMomentumEveryStep() {
        Network net = Mlp.input(2).dense(2).build(CpuBackend.create(Precision.FLOAT64), 1);
        Schedule cycle = Schedule.oneCycle(10).momentum();
        ScheduleSet set = new ScheduleSet(Clock.of(5, 10));
        OptimizerState opt = new OptimizerState(Optimizer.sgd(0.1).momentum(0.9), net,
                Map.of(Hyperparameter.MOMENTUM, cycle), set);
        ScheduleGraph graph = cycle.compile(Clock.of(5, 10));
        java.util.Set<Double> seen = new java.util.HashSet<>();
        for (long s = 0; s < 10; s++) {
            opt.step(s);
            assertEquals(graph.lr(s, 0.9), opt.groups[0].current[GroupState.MOMENTUM], 0.0);
            seen.add(opt.groups[0].current[GroupState.MOMENTUM]);
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
