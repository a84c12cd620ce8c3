package dev.anneal.gpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.anneal.runtime.Activation;
import dev.anneal.runtime.Dataset;
import dev.anneal.runtime.Mlp;
import dev.anneal.runtime.Optimizer;
import dev.anneal.runtime.Trainer;
import dev.anneal.runtime.backend.Precision;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * What a training step on the GPU asks of the host, counted by the CUDA emulator: a step allocates
 * nothing and never waits for the GPU; per epoch the host reads the step losses once. Launched kernel
 * by kernel, a step is 27 calls (19 launches, 8 GEMMs) and the epoch's batch order is uploaded once;
 * as a CUDA graph, a step is 2 calls: one copy of its inputs (the batch's rows among them) and one
 * graph launch. Runs only on the emulator (tag {@code emulator}).
 */
@Tag("emulator")
class GpuStepTrafficTest {
    private static final Mlp MLP = Mlp.input(16).dense(32, Activation.RELU).dense(32, Activation.TANH).dense(3);

    /** The emulator's counts over each epoch of a 3-epoch run without validation data. */
    private static List<CudaEmulator.Traffic> perEpoch(CudaBackend gpu, Dataset train, int batchSize) {
        List<CudaEmulator.Traffic> marks = new ArrayList<>();
        marks.add(CudaEmulator.traffic());
        Trainer trainer = Trainer.builder(MLP).optimizer(Optimizer.sgd(0.05).momentum(0.9)).batchSize(batchSize).epochs(3)
                .seed(3).backend(gpu).listener((epoch, t) -> marks.add(CudaEmulator.traffic())).build();
        trainer.fit(train, null);
        List<CudaEmulator.Traffic> epochs = new ArrayList<>();
        for (int i = 1; i < marks.size(); i++) {
            epochs.add(marks.get(i).minus(marks.get(i - 1)));
        }
        return epochs;
    }

    private static Dataset data() {
        Skips.unless(System.getProperty(CudaEmulator.PROPERTY) != null, "GpuStepTrafficTest", "runs on the CUDA emulator only (-D" + CudaEmulator.PROPERTY + ")");
        SplittableRandom rng = new SplittableRandom(11);
        double[][] x = new double[1000][16];
        int[] labels = new int[1000];
        for (int r = 0; r < x.length; r++) {
            for (int f = 0; f < 16; f++) {
                x[r][f] = rng.nextGaussian();
            }
            labels[r] = rng.nextInt(3);
        }
        return Dataset.classification(x, labels);
    }

    @Test
    void aStepLaunchedKernelByKernelNeitherAllocatesNorCopiesNorWaits() {
        Dataset train = data();
        CudaBackend gpu = CudaBackend.on(device(), Precision.FLOAT32, false);

        List<CudaEmulator.Traffic> twentySteps = perEpoch(gpu, train, 50);
        List<CudaEmulator.Traffic> fortySteps = perEpoch(gpu, train, 25);

        for (int epoch = 1; epoch < 3; epoch++) {
            CudaEmulator.Traffic a = twentySteps.get(epoch);
            CudaEmulator.Traffic b = fortySteps.get(epoch);
            String label = "epoch " + (epoch + 1) + ": 20 steps " + a + ", 40 steps " + b;
            assertEquals(0, a.allocations(), label);
            assertEquals(0, b.allocations(), label);
            assertEquals(1, a.uploads(), label + " (the epoch's batch order)");
            assertEquals(1, b.uploads(), label);
            assertEquals(1, a.downloads(), label + " (the epoch's step losses)");
            assertEquals(1, b.downloads(), label);
            assertEquals(1, a.waits(), label);
            assertEquals(1, b.waits(), label);
            // Per step: 3 GEMMs forward, 3 weight gradients and 2 input gradients backward.
            assertEquals(8 * 20, a.gemms(), label);
            assertEquals(8 * 40, b.gemms(), label);
            // Per step: 2 gathers (x, y); 3 bias adds and 2 activations forward; the loss; 2 activation
            // gradients and 3 column sums backward; 6 SGD updates.
            assertEquals(19 * 20, a.launches(), label);
            assertEquals(19 * 40, b.launches(), label);
        }
    }

    @Test
    void aStepAsACudaGraphIsOneCopyOfItsInputsAndOneLaunch() {
        Dataset train = data();
        CudaBackend gpu = CudaBackend.on(device(), Precision.FLOAT32, true);

        List<CudaEmulator.Traffic> twentySteps = perEpoch(gpu, train, 50);
        List<CudaEmulator.Traffic> fortySteps = perEpoch(gpu, train, 25);

        assertEquals(1, twentySteps.get(0).captures(), "epoch 1 captures the step once: " + twentySteps.get(0));
        for (int epoch = 1; epoch < 3; epoch++) {
            CudaEmulator.Traffic a = twentySteps.get(epoch);
            CudaEmulator.Traffic b = fortySteps.get(epoch);
            String label = "epoch " + (epoch + 1) + ": 20 steps " + a + ", 40 steps " + b;
            assertEquals(0, a.allocations() + b.allocations(), label);
            assertEquals(0, a.captures() + b.captures(), label);
            assertEquals(20, a.graphLaunches(), label);
            assertEquals(40, b.graphLaunches(), label);
            assertEquals(20, a.uploads(), label + " (each step's inputs; the batch order travels with them)");
            assertEquals(40, b.uploads(), label);
            assertEquals(0, a.launches() + b.launches() + a.gemms() + b.gemms(), label);
            assertEquals(1, a.downloads(), label + " (the epoch's step losses)");
            assertEquals(1, b.downloads(), label);
            assertEquals(1, a.waits(), label);
            assertEquals(1, b.waits(), label);
        }
    }

    private static CudaDevice device() {
        CudaEmulator.backend(Precision.FLOAT32);
        return OpenDevices.open(0, CudaEnvironment.current());
    }
}
