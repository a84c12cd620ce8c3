package dev.anneal.gpu;

import dev.anneal.runtime.Activation;
import dev.anneal.runtime.Dataset;
import dev.anneal.runtime.EpochRecord;
import dev.anneal.runtime.History;
import dev.anneal.runtime.Mlp;
import dev.anneal.runtime.Optimizer;
import dev.anneal.runtime.Trainer;
import dev.anneal.runtime.backend.Backend;
import dev.anneal.runtime.backend.Precision;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Training speed of MLP 784-512-512-10 (ReLU, softmax cross-entropy, SGD with momentum 0.9) on
 * random data, in steps per second, through the real {@link Trainer}: each epoch's time includes
 * the shuffle, the batch gathers and the one synchronisation at its end. The first epoch (kernel
 * compilation, cuBLAS warm-up) is not counted; the timed epochs run until they have taken a few
 * seconds. From the {@code anneal} tool: {@code anneal bench}.
 *
 * <pre>{@code
 * GpuBenchmark.Result r = GpuBenchmark.measure(CudaBackend.create(), 256, 32768, 3.0);
 * System.out.println(r);   // cuda:0 graphs batch 256: 12345 steps/s (0.08 ms/step, 12.7 TFLOP/s ...)
 * }</pre>
 *
 * <p>From the command line: {@code java --enable-native-access=ALL-UNNAMED -cp ... dev.anneal.gpu.GpuBenchmark [device]}
 * (device {@code cuda}, {@code cuda:N}, {@code cpu} or {@code auto}; default {@code cuda}).
 */
public final class GpuBenchmark {
    /** Epochs at most: the timing stops the run long before. */
    private static final int MAX_EPOCHS = 100_000;
    /** Default time per measurement. */
    public static final double SECONDS = 3.0;
    /** The benchmark's network. */
    public static final Mlp MLP = Mlp.input(784).dense(512, Activation.RELU).dense(512, Activation.RELU).dense(10);

    /**
     * One measurement.
     *
     * @param device          the backend's name, on a GPU with how it launches a step ({@code cuda:0 graphs}, {@code cuda:0 eager})
     * @param batchSize       rows per step (the last step of an epoch may have fewer)
     * @param steps           steps timed
     * @param rows            rows those steps trained on
     * @param seconds         their time
     */
    public record Result(String device, int batchSize, long steps, long rows, double seconds) {
        public double stepsPerSecond() {
            return steps / seconds;
        }

        /** Matrix-multiply work of the timed steps: forward 2 FLOP per weight and row trained on, backward 4. */
        public double flop() {
            return 6.0 * rows * (784 * 512 + 512 * 512 + 512 * 10);
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%s batch %d: %.0f steps/s (%.2f ms/step, %.1f TFLOP/s in the matrix products)",
                    device, batchSize, stepsPerSecond(), 1e3 / stepsPerSecond(), flop() / seconds / 1e12);
        }
    }

    private GpuBenchmark() {
    }

    /**
     * Trains one warm-up epoch over {@code rows} random rows, then more epochs until they have taken
     * {@code minSeconds} (at least one), and times those. {@code rows} must be at least
     * {@code batchSize}: with fewer, every step would train on fewer rows than the batch size named.
     */
    public static Result measure(Backend backend, int batchSize, int rows, double minSeconds) {
        if (batchSize < 1 || rows < batchSize || !(minSeconds >= 0)) {
            throw new IllegalArgumentException("benchmark needs batch size >= 1, rows >= batch size and seconds >= 0, "
                    + "got batch " + batchSize + ", rows " + rows + ", seconds " + minSeconds);
        }
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
        double[] timed = new double[1];
        Trainer trainer = Trainer.builder(MLP).optimizer(Optimizer.sgd(0.01).momentum(0.9)).batchSize(batchSize)
                .epochs(MAX_EPOCHS).seed(1).backend(backend).listener((epoch, t) -> {
                    if (epoch.epoch() > 1) {
                        timed[0] += epoch.seconds();
                        if (timed[0] >= minSeconds) {
                            t.stop("timed long enough");
                        }
                    }
                }).build();
        History history = trainer.fit(data, null);
        List<EpochRecord> epochs = history.epochs().subList(1, history.epochs().size());
        double seconds = epochs.stream().mapToDouble(EpochRecord::seconds).sum();
        long steps = (long) epochs.size() * ((rows + batchSize - 1) / batchSize);
        return new Result(label(backend), batchSize, steps, (long) epochs.size() * rows, seconds);
    }

    /**
     * Prints the device chosen (on a GPU, the libraries too), then one line per batch size (256 and
     * 4096), on a GPU once launched kernel by kernel ({@code eager}) and once as CUDA graphs; exits
     * with 1 when the device is not usable. {@code ANNEAL_BENCH_ROWS} and {@code ANNEAL_BENCH_SECONDS}
     * shrink the measurement (for a trial of the bundle on the CUDA emulator).
     */
    public static void main(String[] args) {
        try {
            DeviceSelection selection = Device.parse(args.length > 0 ? args[0] : "cuda").select();
            System.out.println(selection.reason());
            int rows = Integer.parseInt(System.getenv().getOrDefault("ANNEAL_BENCH_ROWS", "32768"));
            double seconds = Double.parseDouble(System.getenv().getOrDefault("ANNEAL_BENCH_SECONDS", "" + SECONDS));
            boolean gpu = selection.device().kind() == Device.Kind.CUDA;
            List<Backend> backends = gpu
                    ? List.of(selection.backend(Precision.FLOAT32, false), selection.backend(Precision.FLOAT32, true))
                    : List.of(selection.backend(Precision.FLOAT32));
            if (gpu) {
                System.out.println("libraries: " + DeviceSelection.open(selection.device().index(), CudaEnvironment.current()).libraries());
            }
            for (int batch : new int[] {256, 4096}) {
                for (Backend backend : backends) {
                    System.out.println(measure(backend, Math.min(batch, rows), rows, seconds));
                }
            }
        } catch (CudaException | IllegalArgumentException e) {
            System.err.println("GpuBenchmark: " + e.getMessage());
            System.exit(1);
        }
    }

    /** "cuda:0 graphs", "cuda:0 eager" or "cpu". */
    static String label(Backend backend) {
        return backend instanceof CudaBackend gpu ? gpu.name() + (gpu.cudaGraphs() ? " graphs" : " eager") : backend.name();
    }
}
