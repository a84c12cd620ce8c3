package dev.anneal.runtime;

import static dev.anneal.Schedule.plateau;
import static dev.anneal.Schedule.warmup;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.anneal.runtime.nd4j.CpuBackend;
import dev.anneal.testing.SharedData;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A run stopped after epoch 5 and resumed from its checkpoint by a new trainer on a new backend (all
 * a new process would have) repeats the uninterrupted run exactly, for every optimizer whose state
 * must travel: SGD's momentum buffers (plain and Nesterov), Adam's and AdamW's two moments and step
 * count, and the plateau's best value (it needs a 5% improvement, so it cuts the rate before and
 * after the resume point).
 */
class ResumeAcrossOptimizersTest {
    private static final Split SPLIT = Dataset.csv(SharedData.file("data/synth-1000x20.csv")).label("label").read().split(800);
    private static final int EPOCHS = 10;
    private static final int STOP_AFTER = 5;

    static Stream<Arguments> optimizers() {
        ParamGroup biases = ParamGroup.biases().weightDecay(0.0);
        return Stream.of(
                Arguments.of("sgd momentum", Optimizer.sgd(0.1).momentum(0.9).weightDecay(1e-4).group(biases)),
                Arguments.of("sgd nesterov", Optimizer.sgd(0.1).momentum(0.9).nesterov(true).weightDecay(1e-4).group(biases)),
                Arguments.of("adam", Optimizer.adam(0.01).weightDecay(1e-4).group(biases)),
                Arguments.of("adamw", Optimizer.adamW(0.01).weightDecay(0.01).group(biases)));
    }

    private static Trainer.Builder config(Optimizer optimizer) {
        return Trainer.builder(Mlp.input(20).dense(16, Activation.TANH).dense(2))
                .optimizer(optimizer)
                .schedule(warmup(13).then(plateau().patience(0).factor(0.5).threshold(0.05)))
                .backend(CpuBackend.create())
                .batchSize(64).epochs(EPOCHS).seed(3).standardize(true).recordSteps(true);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("optimizers")
    void resumedInANewTrainerOnANewBackendRepeatsTheUninterruptedRun(String name, Optimizer optimizer,
                                                                       @TempDir Path dir) {
        Trainer straight = config(optimizer).build();
        History full = straight.fit(SPLIT);

        Path file = dir.resolve("run.ckpt");
        Trainer first = config(optimizer).checkpoint(file)
                .listener((epoch, t) -> {
                    if (epoch.epoch() == STOP_AFTER) {
                        t.stop("pause");
                    }
                }).build();
        first.fit(SPLIT);
        assertEquals(STOP_AFTER, first.history().epochs().size());

        Trainer resumed = config(optimizer).build();
        resumed.resume(file);
        History continued = resumed.fit(SPLIT);

        assertEquals(EPOCHS, continued.epochs().size(), name);
        for (int e = 0; e < EPOCHS; e++) {
            assertEquals(row(full.epochs().get(e)), row(continued.epochs().get(e)), name + ", epoch " + (e + 1));
        }
        assertEquals(full.steps(), continued.steps(), name + ": every step's loss and rates");
        List<Parameter> expected = straight.network().parameters();
        for (int i = 0; i < expected.size(); i++) {
            assertArrayEquals(expected.get(i).values(), resumed.network().parameters().get(i).values(),
                    name + ": " + expected.get(i).name());
        }
        List<Double> lrs = full.epochs().stream().map(e -> e.lr().get("default")).toList();
        assertTrue(lrs.get(STOP_AFTER - 1) < lrs.get(1), name + ": the plateau cut the rate before the resume point: " + lrs);
        assertTrue(lrs.get(EPOCHS - 1) < lrs.get(STOP_AFTER - 1), name + ": and after it: " + lrs);
    }

    /** Every recorded fact of an epoch except its duration. */
    private static String row(EpochRecord e) {
        return e.epoch() + " " + e.steps() + " " + e.trainLoss() + " " + e.valLoss() + " " + e.valAccuracy() + " "
                + e.lr();
    }
}
