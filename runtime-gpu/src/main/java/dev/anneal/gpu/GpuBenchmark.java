package dev.anneal.gpu;

import dev.anneal.runtime.Activation;
import dev.anneal.runtime.Backend;
import dev.anneal.runtime.Dataset;
import dev.anneal.runtime.EpochRecord;
import dev.anneal.runtime.History;
import dev.anneal.runtime.Mlp;
import dev.anneal.runtime.Optimizer;
import dev.anneal.runtime.Precision;
import dev.anneal.runtime.Trainer;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Training speed of MLP 784-512-512-10 (ReLU, softmax cross-entropy, SGD with momentum 0.9) on
 * random data, in steps per second, through the real {@link Trainer}: each epoch's time includes
 * the shuffle, the batch gathers and the one synchronisation at its end. The first epoch (kernel
 * compilation, cuBLAS warm-up) is not counted.
 *
 * <pre>{@code
 * GpuBenchmark.Result r = GpuBenchmark.measure(CudaBackend.create(), 256, 32768, 5);
 * System.out.println(r);   // batch 256: 12345 steps/s (1.27 TFLOP/s), ...
 * }</pre>
 *
 * <p>From the command line: {@code java --enable-native-access=ALL-UNNAMED -cp ... dev.anneal.gpu.GpuBenchmark [device]}
 * (device {@code cuda}, {@code cuda:N}, {@code cpu} or {@code auto}; default {@code cuda}).
 */
public final class GpuBenchmark {
    /** The benchmark's network. */
    public static final Mlp MLP = Mlp.input(784).dense(512, Activation.RELU).dense(512, Activation.RELU).dense(10);

    /**
     * One measurement.
     *
     * @param device          the backend's name
     * @param batchSize       rows per step
     * @param steps           steps timed
     * @param seconds         their time
     */
    public record Result(String device, int batchSize, long steps, double seconds) {
        public double stepsPerSecond() {
            return steps / seconds;
        }

        /** Matrix-multiply work per step: forward 2 FLOP per weight and row, backward 4. */
        public double flopPerStep() {
            return 6.0 * batchSize * (784 * 512 + 512 * 512 + 512 * 10);
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%s batch %d: %.0f steps/s (%.2f ms/step, %.1f TFLOP/s in the matrix products)",
                    device, batchSize, stepsPerSecond(), 1e3 / stepsPerSecond(), stepsPerSecond() * flopPerStep() / 1e12);
        }
    }

    private GpuBenchmark() {
    }

    /** Trains {@code 1 + timedEpochs} epochs over {@code rows} random rows and times the last {@code timedEpochs}. */
    public static Result measure(Backend backend, int batchSize, int rows, int timedEpochs) {
        SplittableRandom rng = new SplittableRandom(1);
        double[][] x = new double[rows][784];
        int[] labels = new int[rows];
        for (int r = 0; r < rows; r++) {
            for (int f = 0; f < 784; f++) {
                x[r][f] = rng.nextGaussian();
            }
            labels[r] = rng.nextInt(10);
        }
        Dataset data = Dataset.classification(x, labels);
        Trainer trainer = Trainer.builder(MLP).optimizer(Optimizer.sgd(0.01).momentum(0.9)).batchSize(batchSize)
                .epochs(1 + timedEpochs).seed(1).backend(backend).build();
        History history = trainer.fit(data, null);
        List<EpochRecord> timed = history.epochs().subList(1, history.epochs().size());
        double seconds = timed.stream().mapToDouble(EpochRecord::seconds).sum();
        long steps = (long) timed.size() * ((rows + batchSize - 1) / batchSize);
        return new Result(backend.name(), batchSize, steps, seconds);
    }

    /** Prints the device chosen, then one line per batch size (256 and 4096); exits with 1 when the device is not usable. */
    public static void main(String[] args) {
        try {
            DeviceSelection selection = Device.parse(args.length > 0 ? args[0] : "cuda").select();
            System.out.println(selection.reason());
            Backend backend = selection.backend(Precision.FLOAT32);
            System.out.println(measure(backend, 256, 32768, 5));
            System.out.println(measure(backend, 4096, 32768, 10));
        } catch (CudaException | IllegalArgumentException e) {
            System.err.println("GpuBenchmark: " + e.getMessage());
            System.exit(1);
        }
    }
}
