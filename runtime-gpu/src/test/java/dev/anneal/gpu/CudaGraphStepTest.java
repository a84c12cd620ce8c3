package dev.anneal.gpu;

import static dev.anneal.Schedule.plateau;
import static dev.anneal.Schedule.warmup;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.anneal.Schedule;
import dev.anneal.runtime.Activation;
import dev.anneal.runtime.Dataset;
import dev.anneal.runtime.EpochRecord;
import dev.anneal.runtime.History;
import dev.anneal.runtime.Hyperparameter;
import dev.anneal.runtime.Mlp;
import dev.anneal.runtime.Optimizer;
import dev.anneal.runtime.ParamGroup;
import dev.anneal.runtime.Parameter;
import dev.anneal.runtime.Split;
import dev.anneal.runtime.Trainer;
import dev.anneal.runtime.backend.Precision;
import dev.anneal.runtime.backend.Tensor;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A training step as one CUDA graph gives the numbers of the step launched kernel by kernel, to the
 * bit: 200 steps of SGD, Adam and AdamW, each with a plateau schedule and param groups of their own
 * learning rates and schedules. Each epoch ends with a shorter batch, so the run switches between two
 * graphs, captured once each and replayed after. On a GPU with {@code -Dgroups=gpu} (and in the
 * bundle's {@code run.sh gpu}), else on the CUDA emulator (tag {@code gpu}).
 */
@Tag("gpu")
class CudaGraphStepTest {
    /** 730 training rows at batch 75: nine batches of 75 and one of 55 per epoch; 20 epochs, 200 steps. */
    private static final int ROWS = 730;
    private static final int BATCH = 75;
    private static final int EPOCHS = 20;
    private static final Mlp MLP = Mlp.input(12).dense(24, Activation.RELU).dense(16, Activation.TANH).dense(3);
    /** Halves the learning rate whenever the validation loss has not improved by 2% (relative) for an epoch. */
    private static final Schedule PLATEAU = warmup(10).then(plateau().patience(1).factor(0.5).threshold(0.02));
    private static CudaDevice device;

    /** The three optimizers, each with the plateau schedule and a group of biases with its own lr and schedule. */
    enum Run {
        SGD(Optimizer.sgd(0.08).momentum(0.9).nesterov(true).weightDecay(1e-4)
                .group(ParamGroup.biases().lr(0.02).schedule(Hyperparameter.LR, Schedule.cosine(200)))),
        ADAM(Optimizer.adam(4e-3).group(ParamGroup.biases().lr(1e-3))),
        ADAMW(Optimizer.adamW(4e-3).weightDecay(0.05).group(ParamGroup.biases().weightDecay(0.0)
                .schedule(Hyperparameter.LR, Schedule.cosine(150))));

        final Optimizer optimizer;

        Run(Optimizer optimizer) {
            this.optimizer = optimizer;
        }
    }

    /** A run's history, its final parameters, and the graphs it captured and launched. */
    private record Trained(History history, List<double[]> parameters, long captures, long graphLaunches) {
    }

    @BeforeAll
    static void openGpu() {
        CudaEmulator.backend(Precision.FLOAT32);
        device = OpenDevices.open(0, CudaEnvironment.current());
    }

    private static Split data() {
        SplittableRandom rng = new SplittableRandom(17);
        int rows = ROWS + 120;
        double[][] x = new double[rows][12];
        int[] labels = new int[rows];
        for (int r = 0; r < rows; r++) {
            double score = 0;
            for (int f = 0; f < 12; f++) {
                x[r][f] = rng.nextGaussian();
                score += (f % 3 - 1) * x[r][f];
            }
            labels[r] = score + 0.5 * rng.nextGaussian() < -0.5 ? 0 : score < 0.5 ? 1 : 2;
        }
        return Dataset.classification(x, labels).split(ROWS);
    }

    private static Trained train(Run run, boolean graphs) {
        CudaBackend backend = CudaBackend.on(device, Precision.FLOAT32, graphs);
        Trainer trainer = Trainer.builder(MLP).optimizer(run.optimizer).schedule(PLATEAU).batchSize(BATCH).epochs(EPOCHS)
                .seed(5).recordSteps(true).backend(backend).build();
        History history = trainer.fit(data());
        return new Trained(history, trainer.network().parameters().stream().map(Parameter::values).toList(),
                backend.captures(), backend.graphLaunches());
    }

    @ParameterizedTest
    @EnumSource(Run.class)
    void twoHundredStepsAsGraphsGiveTheEagerNumbersToTheBit(Run run) {
        Trained eager = train(run, false);
        Trained graphs = train(run, true);

        assertEquals(200, graphs.history().steps().size());
        assertEquals(eager.history().steps(), graphs.history().steps(), "each step's loss and learning rates");
        for (int e = 0; e < EPOCHS; e++) {
            EpochRecord a = eager.history().epochs().get(e);
            EpochRecord b = graphs.history().epochs().get(e);
            assertEquals(List.of(a.trainLoss(), a.valLoss(), a.valAccuracy(), a.lr()),
                    List.of(b.trainLoss(), b.valLoss(), b.valAccuracy(), b.lr()), "epoch " + (e + 1));
        }
        for (int p = 0; p < eager.parameters().size(); p++) {
            assertArrayEquals(eager.parameters().get(p), graphs.parameters().get(p), "parameter " + p + " after 200 steps");
        }
        double[] lrs = eager.history().epochs().stream().mapToDouble(r -> r.lr().get("default")).toArray();
        assertTrue(lrs[EPOCHS - 1] < lrs[9], "the plateau halved the learning rate: " + java.util.Arrays.toString(lrs));
        assertEquals(0, eager.graphLaunches());
        assertEquals(200, graphs.graphLaunches());
        assertEquals(2, graphs.captures(), "one graph for the batches of 75, one for the last of 55");
    }

    @Test
    void aCallTheStepCannotRecordFirstQueuesWhatWasRecorded() {
        CudaBackend graphs = CudaBackend.on(device, Precision.FLOAT64, true);
        CudaBackend eager = CudaBackend.on(device, Precision.FLOAT64, false);
        double[] values = {-2, -0.5, 0.5, 2};
        double[][] results = new double[2][];
        int i = 0;
        for (CudaBackend backend : List.of(graphs, eager)) {
            Tensor x = backend.upload(values, 2, 2);
            Tensor y = backend.zeros(2, 2);
            backend.beginStep(0);
            backend.activate(Activation.TANH, x, y);
            Tensor z = backend.upload(values, 2, 2);  // cannot be recorded: the tanh goes to the GPU first
            backend.matmul(y, false, z, false, x);
            backend.endStep();
            results[i] = new double[4];
            backend.download(x, results[i++]);
        }

        assertArrayEquals(results[1], results[0]);
        assertEquals(0, graphs.captures(), "the step ran without a graph");
    }
}
