package dev.anneal.runtime.bench;

import dev.anneal.runtime.Activation;
import dev.anneal.runtime.Dataset;
import dev.anneal.runtime.EpochRecord;
import dev.anneal.runtime.Mlp;
import dev.anneal.runtime.Optimizer;
import dev.anneal.runtime.Trainer;
import dev.anneal.runtime.TrainingListener;
import dev.anneal.runtime.backend.Backend;
import dev.anneal.runtime.backend.Precision;
import dev.anneal.runtime.backend.Tensor;
import dev.anneal.runtime.nd4j.CpuBackend;
import dev.anneal.runtime.nd4j.CpuThreads;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * Training speed of one peer on one thread count, in steps per second (wall clock, best of
 * {@value #REPEATS} timed runs after a warm-up), for MLP 20-64-2 at batch 32 and MLP 784-512-512-10 at
 * batch 256 (ReLU, softmax cross-entropy, SGD with Nesterov momentum 0.9, float32, 50 batches of
 * random data):
 * <ul>
 *   <li>{@code anneal}: {@link Trainer#fit} (shuffle, gather, forward, backward, schedule, update),
 *       from the first step's end to the last's;
 *   <li>{@code dl4j}: DL4J's {@code MultiLayerNetwork.fit} on prepared batches, set up at its best
 *       (float32, workspaces ENABLED for training and inference, the same OpenBLAS kernels and
 *       thread count as Anneal's backend, ND4J's OpenMP threads too; run it with
 *       {@code -Dorg.bytedeco.javacpp.nopointergc=true});
 *   <li>{@code sgemm}: the limit — a step's matrix products alone (forward, weight gradients, input
 *       gradients: the shapes and transposes Anneal's step uses) as bare SGEMMs through the same
 *       OpenBLAS.
 * </ul>
 * Each result is one line {@code RESULT peer model threads steps/s peak-RSS-MiB}, which
 * {@code runtime-cpu/bench/compare.sh} gathers into a table. Not a test: run it with
 * {@code java -cp ... dev.anneal.runtime.bench.TrainingBenchmark small|large|both anneal|dl4j|sgemm [threads]}.
 */
public final class TrainingBenchmark {
    private static final int REPEATS = 3;

    private record Case(String key, int[] sizes, int batch, int warmupSteps, int steps) {
    }

    public static void main(String[] args) {
        String which = args.length > 0 ? args[0] : "both";
        String who = args.length > 1 ? args[1] : "anneal";
        int threads = args.length > 2 ? Integer.parseInt(args[2]) : CpuThreads.defaultCount();
        CpuBackend backend = CpuBackend.create(Precision.FLOAT32, threads);
        System.out.println("# " + who + ": backend " + backend + ", java " + System.getProperty("java.version"));
        List<Case> cases = new ArrayList<>();
        if (!which.equals("large")) {
            cases.add(new Case("small", new int[] {20, 64, 2}, 32, 10_000, 20_000));
        }
        if (!which.equals("small")) {
            cases.add(new Case("large", new int[] {784, 512, 512, 10}, 256, 20, 100));
        }
        for (Case c : cases) {
            double rate = switch (who) {
                case "anneal" -> anneal(c, backend);
                case "dl4j" -> dl4j(c, threads);
                case "sgemm" -> sgemm(c, backend);
                default -> throw new IllegalArgumentException("peer must be anneal, dl4j or sgemm, got " + who);
            };
            System.out.printf(Locale.ROOT, "RESULT %s %s %d %.1f %.0f%n", who, c.key(), threads, rate, peakRssMiB());
        }
    }

    /** Peak resident memory of this process so far (VmHWM), in MiB; NaN where /proc is absent. */
    private static double peakRssMiB() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
                }
            }
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
        return Double.NaN;
    }

    private static Dataset data(Case c, int rows) {
        SplittableRandom rng = new SplittableRandom(1);
        int in = c.sizes()[0];
        int classes = c.sizes()[c.sizes().length - 1];
        double[][] x = new double[rows][in];
        int[] y = new int[rows];
        for (int r = 0; r < rows; r++) {
            for (int i = 0; i < in; i++) {
                x[r][i] = rng.nextGaussian();
            }
            y[r] = r % classes;
        }
        return Dataset.classification(x, y);
    }

    private static Mlp mlp(Case c) {
        int[] s = c.sizes();
        Mlp m = Mlp.input(s[0]);
        for (int i = 1; i < s.length - 1; i++) {
            m = m.dense(s[i], Activation.RELU);
        }
        return m.dense(s[s.length - 1]);
    }

    /**
     * Steps per second of Trainer.fit (shuffle, gather, forward, backward, schedule, update, epoch
     * ends), no validation: timed from the end of the first step to the end of the last, so that the
     * set-up of a fit (initial weights, the data's upload) is left out as it is for the peers.
     */
    private static double anneal(Case c, CpuBackend backend) {
        int stepsPerEpoch = Math.max(1, Math.min(50, c.steps() / 10)); // 50 batches, as DL4J gets below
        Dataset train = data(c, stepsPerEpoch * c.batch());
        int epochs = Math.max(1, c.steps() / stepsPerEpoch);
        trainer(c, backend, Math.max(1, c.warmupSteps() / stepsPerEpoch), new StepClock()).fit(train, null);
        double best = 0;
        for (int r = 0; r < REPEATS; r++) {
            StepClock clock = new StepClock();
            trainer(c, backend, epochs, clock).fit(train, null);
            best = Math.max(best, clock.rate());
        }
        return best;
    }

    /** The time of the first and the last step's end. */
    private static final class StepClock implements TrainingListener {
        private long first;
        private long last;
        private long steps;

        @Override
        public void onEpochEnd(EpochRecord epoch, Trainer trainer) {
        }

        @Override
        public void onStep(int epoch, int batch, int batches, Trainer trainer) {
            last = System.nanoTime();
            if (steps++ == 0) {
                first = last;
            }
        }

        double rate() {
            return (steps - 1) / ((last - first) / 1e9);
        }
    }

    private static Trainer trainer(Case c, CpuBackend backend, int epochs, StepClock clock) {
        return Trainer.builder(mlp(c))
                .optimizer(Optimizer.sgd(0.01).momentum(0.9).nesterov(true))
                .batchSize(c.batch()).epochs(epochs).seed(1).backend(backend).listener(clock)
                .build();
    }

    /**
     * Steps per second of a step's matrix products alone, called as {@code Network} calls them:
     * forward {@code a[l] = a[l-1] . W[l]}; backward {@code dW[l] = a[l-1]^T . g[l]} and
     * {@code g[l-1] = g[l] . W[l]^T} (none into the input).
     */
    private static double sgemm(Case c, Backend b) {
        int[] s = c.sizes();
        int layers = s.length - 1;
        SplittableRandom rng = new SplittableRandom(1);
        Tensor[] a = new Tensor[layers + 1];
        Tensor[] g = new Tensor[layers + 1];
        Tensor[] w = new Tensor[layers];
        Tensor[] dw = new Tensor[layers];
        a[0] = random(b, c.batch(), s[0], rng);
        for (int l = 0; l < layers; l++) {
            w[l] = random(b, s[l], s[l + 1], rng);
            dw[l] = b.zeros(s[l], s[l + 1]);
            a[l + 1] = random(b, c.batch(), s[l + 1], rng);
            g[l + 1] = random(b, c.batch(), s[l + 1], rng);
        }
        Runnable step = () -> {
            for (int l = 0; l < layers; l++) {
                b.matmul(a[l], false, w[l], false, a[l + 1]);
            }
            for (int l = layers - 1; l >= 0; l--) {
                b.matmul(a[l], true, g[l + 1], false, dw[l]);
                if (l > 0) {
                    b.matmul(g[l + 1], false, w[l], true, g[l]);
                }
            }
        };
        for (int i = 0; i < c.warmupSteps(); i++) {
            step.run();
        }
        double best = 0;
        for (int r = 0; r < REPEATS; r++) {
            long start = System.nanoTime();
            for (int i = 0; i < c.steps(); i++) {
                step.run();
            }
            best = Math.max(best, c.steps() / ((System.nanoTime() - start) / 1e9));
        }
        return best;
    }

    private static Tensor random(Backend b, int rows, int cols, SplittableRandom rng) {
        double[] v = new double[rows * cols];
        for (int i = 0; i < v.length; i++) {
            v[i] = rng.nextDouble(-1, 1);
        }
        return b.upload(v, rows, cols);
    }

    /**
     * Steps per second of MultiLayerNetwork.fit on prepared batches (fewer steps for the small net:
     * DL4J's step there costs a millisecond).
     */
    private static double dl4j(Case c, int threads) {
        Nd4j.getEnvironment().setMaxThreads(threads);
        Nd4j.getEnvironment().setMaxMasterThreads(threads);
        int[] s = c.sizes();
        NeuralNetConfiguration.ListBuilder list = new NeuralNetConfiguration.Builder()
                .seed(1).dataType(DataType.FLOAT).weightInit(WeightInit.RELU)
                .trainingWorkspaceMode(WorkspaceMode.ENABLED).inferenceWorkspaceMode(WorkspaceMode.ENABLED)
                .updater(new Nesterovs(0.01, 0.9)).list();
        for (int i = 1; i < s.length - 1; i++) {
            list.layer(new DenseLayer.Builder().nIn(s[i - 1]).nOut(s[i])
                    .activation(org.nd4j.linalg.activations.Activation.RELU).build());
        }
        list.layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(s[s.length - 2]).nOut(s[s.length - 1])
                .activation(org.nd4j.linalg.activations.Activation.SOFTMAX).build());
        MultiLayerConfiguration conf = list.build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        List<DataSet> batches = new ArrayList<>();
        SplittableRandom rng = new SplittableRandom(1);
        for (int b = 0; b < 50; b++) {
            INDArray x = Nd4j.create(DataType.FLOAT, c.batch(), s[0]);
            INDArray y = Nd4j.zeros(DataType.FLOAT, c.batch(), s[s.length - 1]);
            for (int r = 0; r < c.batch(); r++) {
                for (int i = 0; i < s[0]; i++) {
                    x.putScalar(r, i, rng.nextGaussian());
                }
                y.putScalar(r, r % s[s.length - 1], 1.0);
            }
            batches.add(new DataSet(x, y));
        }
        int warmup = Math.min(c.warmupSteps(), 2_000);
        int steps = Math.min(c.steps(), 3_000);
        for (int i = 0; i < warmup; i++) {
            net.fit(batches.get(i % batches.size()));
        }
        double best = 0;
        for (int r = 0; r < REPEATS; r++) {
            long start = System.nanoTime();
            for (int i = 0; i < steps; i++) {
                net.fit(batches.get(i % batches.size()));
            }
            best = Math.max(best, steps / ((System.nanoTime() - start) / 1e9));
        }
        return best;
    }
}
