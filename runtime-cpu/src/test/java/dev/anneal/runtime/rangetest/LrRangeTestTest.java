package dev.anneal.runtime.rangetest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.anneal.Schedule;
import dev.anneal.runtime.Activation;
import dev.anneal.runtime.Dataset;
import dev.anneal.runtime.Hyperparameter;
import dev.anneal.runtime.Loss;
import dev.anneal.runtime.Mlp;
import dev.anneal.runtime.Network;
import dev.anneal.runtime.Optimizer;
import dev.anneal.runtime.ParamGroup;
import dev.anneal.runtime.Parameter;
import dev.anneal.runtime.Split;
import dev.anneal.runtime.nd4j.CpuBackend;
import dev.anneal.testing.SharedData;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@link LrRangeTest}: the copy, the ramp, the smoothing, the stop, the defaults and the checks. */
class LrRangeTestTest {
    static final Mlp MLP = Mlp.input(20).dense(64, Activation.RELU).dense(2);
    static Split split;

    @BeforeAll
    static void readTheSyntheticSet() {
        split = Dataset.csv(SharedData.file("data/synth-1000x20.csv")).label("label").read().split(800);
    }

    private static List<double[]> values(Network net) {
        List<double[]> out = new ArrayList<>();
        for (Parameter p : net.parameters()) {
            out.add(p.values());
        }
        return out;
    }

    @Test
    void theCallersNetworkIsBitIdenticalAfterwards() {
        Network net = MLP.build(CpuBackend.create(), 3);
        List<double[]> before = values(net);
        LrRangeResult r = LrRangeTest.builder(net).optimizer(Optimizer.sgd(0.1).momentum(0.9)).steps(100)
                .standardize(true).seed(3).build().run(split.train());
        List<double[]> after = values(net);
        for (int i = 0; i < before.size(); i++) {
            assertArrayEquals(before.get(i), after.get(i), net.parameters().get(i).name());
        }
        assertNull(net.standardizer(), "the standardizer was fitted for the copy only");
        assertTrue(r.points().size() > 50, "the copy trained: " + r);
        double lowest = r.points().stream().mapToDouble(LrRangeResult.Point::loss).min().orElseThrow();
        assertTrue(lowest < r.points().get(0).loss() / 2, "the copy learned: lowest batch loss " + lowest + ", " + r);
    }

    @Test
    void theRampDrivesEveryGroupWhateverItsOwnLearningRate() {
        Network net = MLP.build(CpuBackend.create(), 4);
        Optimizer opt = Optimizer.sgd(0.1).momentum(0.9)
                .group(ParamGroup.biases().lr(1e6).schedule(Hyperparameter.LR, Schedule.constant(10)));
        LrRangeResult r = LrRangeTest.builder(net).optimizer(opt).minLr(1e-6).maxLr(1e-3).steps(30).build()
                .run(split.train());
        assertFalse(r.stoppedEarly(), "a bias lr of 1e6 or 1e7 would have diverged at once: " + r);
        assertEquals(30, r.points().size());
    }

    @Test
    void anExponentialRampGoesFromMinLrAtTheFirstStepToMaxLrAtTheLast() {
        LrRangeResult r = LrRangeTest.builder(MLP.build(CpuBackend.create(), 1)).minLr(1e-6).maxLr(1e-2).steps(20)
                .build().run(split.train());
        assertEquals("exponential(gamma=" + Math.pow(1e4, 1.0 / 19) + ")", r.ramp().toString());
        assertEquals(1e-6, r.points().get(0).lr());
        assertEquals(1e-2, r.points().get(19).lr(), 1e-2 * 1e-12);
        assertEquals(Math.pow(1e4, 10.0 / 19) * 1e-6, r.points().get(10).lr(), 1e-15);
        assertEquals("exponential(gamma=" + Math.pow(1e4, 1.0 / 19) + ") on base lr 1.0E-6: 1.0E-6 to 0.01 over 20 steps",
                r.rampText());
    }

    @Test
    void aLinearRampTakesEqualIncrements() {
        LrRangeResult r = LrRangeTest.builder(MLP.build(CpuBackend.create(), 1)).minLr(1e-4).maxLr(1e-2).steps(12)
                .ramp(LrRamp.LINEAR).build().run(split.train());
        assertEquals("linear(11, endFactor=100.0)", r.ramp().toString());
        for (LrRangeResult.Point p : r.points()) {
            assertEquals(1e-4 + p.step() * (1e-2 - 1e-4) / 11, p.lr(), 1e-15, "step " + p.step());
        }
    }

    @Test
    void theSmoothedLossIsTheBiasCorrectedMovingAverage() {
        LrRangeResult r = LrRangeTest.builder(MLP.build(CpuBackend.create(), 1)).maxLr(1e-3).steps(10).build()
                .run(split.train());
        double avg = 0;
        for (LrRangeResult.Point p : r.points()) {
            avg = 0.98 * avg + 0.02 * p.loss();
            assertEquals(avg / (1 - Math.pow(0.98, p.step() + 1)), p.smoothedLoss(), 1e-15, "step " + p.step());
        }
        assertEquals(r.points().get(0).loss(), r.points().get(0).smoothedLoss(), 1e-15);
    }

    @Test
    void byDefaultItRuns100StepsOverAsManyEpochsAsThatTakes() {
        Network net = MLP.build(CpuBackend.create(), 1);
        LrRangeResult epochs = LrRangeTest.builder(net).maxLr(1e-3).batchSize(32).build().run(split.train());
        assertEquals(100, epochs.steps(), "800 rows in batches of 32: four epochs");
        assertEquals(100, epochs.points().size());
        LrRangeResult hundred = LrRangeTest.builder(net).maxLr(1e-3).batchSize(4).build().run(split.train());
        assertEquals(100, hundred.steps(), "800 rows in batches of 4 are 200 steps");
        LrRangeResult more = LrRangeTest.builder(net).maxLr(1e-3).steps(60).build().run(split.train());
        assertEquals(60, more.points().size(), "asked for: more than an epoch");
    }

    @Test
    void aNetworkThatDivergesAtOnceStopsEarlyWithAResult() {
        SplittableRandom rng = new SplittableRandom(5);
        double[][] x = new double[200][20];
        double[][] y = new double[200][1];
        for (int r = 0; r < x.length; r++) {
            for (int c = 0; c < 20; c++) {
                x[r][c] = rng.nextGaussian();
            }
            y[r][0] = x[r][0] - 2 * x[r][1];
        }
        Network net = Mlp.input(20).dense(64, Activation.RELU).dense(1).loss(Loss.MSE).build(CpuBackend.create(), 5);
        for (Parameter p : net.parameters()) {
            double[] huge = new double[p.rows() * p.cols()];
            for (int i = 0; i < huge.length; i++) {
                huge[i] = 1e3 * rng.nextGaussian();
            }
            p.set(huge);
        }
        LrRangeResult r = LrRangeTest.builder(net).optimizer(Optimizer.sgd(0.1).momentum(0.9)).steps(100).build()
                .run(Dataset.regression(x, y));
        assertTrue(r.stoppedEarly(), r.toString());
        assertTrue(r.points().size() <= 5, "stopped within a few steps: " + r);
        assertTrue(r.stopReason().contains("at step " + (r.points().size() - 1) + " (lr "), r.stopReason());
        assertTrue(r.suggestions().isEmpty(), r.toString());
        assertTrue(r.valley().isEmpty());
        assertEquals("no suggestion: the loss diverged after 0 usable step(s), 5 needed; lower minLr (or start from a "
                + "better-behaved network)", r.noSuggestion());
    }

    @Test
    void badSettingsAreRefusedNamingTheValue() {
        Network net = MLP.build(CpuBackend.create(), 1);
        assertEquals("lrRangeTest: maxLr must be finite and > minLr (0.1), got 0.01", assertThrows(
                IllegalArgumentException.class, () -> LrRangeTest.builder(net).minLr(0.1).maxLr(0.01).build()).getMessage());
        assertEquals("lrRangeTest: maxLr must be finite and > minLr (0.1), got 0.1", assertThrows(
                IllegalArgumentException.class, () -> LrRangeTest.builder(net).minLr(0.1).maxLr(0.1).build()).getMessage());
        assertEquals("lrRangeTest: minLr must be finite and > 0, got 0.0", assertThrows(
                IllegalArgumentException.class, () -> LrRangeTest.builder(net).minLr(0).build()).getMessage());
        assertEquals("lrRangeTest: maxLr must be finite and > minLr (1.0E-7), got Infinity", assertThrows(
                IllegalArgumentException.class, () -> LrRangeTest.builder(net).maxLr(Double.POSITIVE_INFINITY).build())
                .getMessage());
        assertEquals("lrRangeTest: steps must be >= 2, got 1", assertThrows(
                IllegalArgumentException.class, () -> LrRangeTest.builder(net).steps(1).build()).getMessage());
        assertEquals("lrRangeTest: batchSize must be >= 1, got 0", assertThrows(
                IllegalArgumentException.class, () -> LrRangeTest.builder(net).batchSize(0).build()).getMessage());
        LrRangeTest wrongWidth = LrRangeTest.builder(Mlp.input(3).dense(2).build(CpuBackend.create(), 1)).build();
        assertEquals("training data has 20 features, the network takes 3", assertThrows(IllegalArgumentException.class,
                () -> wrongWidth.run(split.train())).getMessage());
    }
}
