package dev.anneal.runtime.bench;

import dev.anneal.runtime.Activation;
import dev.anneal.runtime.Dataset;
import dev.anneal.runtime.Mlp;
import dev.anneal.runtime.Optimizer;
import dev.anneal.runtime.Precision;
import dev.anneal.runtime.Trainer;
import dev.anneal.runtime.nd4j.CpuBackend;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
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
 * Trains the same MLP with the same optimizer (SGD, Nesterov momentum 0.9) and batch size on the same
 * random data with Anneal's runtime and with DL4J's MultiLayerNetwork, one thread, and prints steps per
 * second for both and their ratio (wall clock, and per CPU-second of the training thread, which is steadier
 * on a shared machine). DL4J runs best with {@code -Dorg.bytedeco.javacpp.nopointergc=true} (javacpp's
 * GC-driven deallocation otherwise slows its per-step allocations about 3x here). Not a test: run it with
 * {@code java -cp ... dev.anneal.runtime.bench.TrainingBenchmark [small|large|both] [anneal|dl4j|both]}.
 */
public final class TrainingBenchmark {

    private record Case(String name, int[] sizes, int batch, int warmupSteps, int steps) {
    }

    public static void main(String[] args) {
        String which = args.length > 0 ? args[0] : "both";
        String who = args.length > 1 ? args[1] : "both";
        CpuBackend backend = CpuBackend.create(Precision.FLOAT32, 1);
        System.out.println("backend " + backend + ", java " + System.getProperty("java.version"));
        List<Case> cases = new ArrayList<>();
        if (!which.equals("large")) {
            cases.add(new Case("MLP 20-64-2, batch 32", new int[] {20, 64, 2}, 32, 10_000, 20_000));
        }
        if (!which.equals("small")) {
            cases.add(new Case("MLP 784-512-512-10, batch 256", new int[] {784, 512, 512, 10}, 256, 20, 100));
        }
        for (Case c : cases) {
            double[] none = {Double.NaN, Double.NaN};
            double[] anneal = who.equals("dl4j") ? none : anneal(c, backend);
            double[] dl4j = who.equals("anneal") ? none : dl4j(c);
            System.out.printf(Locale.ROOT, "%-30s anneal %8.1f steps/s (%8.1f per CPU-s)   dl4j %8.1f steps/s (%8.1f per CPU-s)"
                    + "   ratio %.2fx (%.2fx)%n", c.name(), anneal[0], anneal[1], dl4j[0], dl4j[1], anneal[0] / dl4j[0],
                    anneal[1] / dl4j[1]);
        }
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

    /** Steps per second of Trainer.fit (shuffle, gather, forward, backward, schedule, update), no validation. */
    private static double[] anneal(Case c, CpuBackend backend) {
        int stepsPerEpoch = Math.max(1, Math.min(50, c.steps() / 10)); // 50 batches, as DL4J gets below
        Dataset train = data(c, stepsPerEpoch * c.batch());
        run(c, backend, train, Math.max(1, c.warmupSteps() / stepsPerEpoch));
        int epochs = Math.max(1, c.steps() / stepsPerEpoch);
        Timer timer = new Timer();
        run(c, backend, train, epochs);
        return timer.rates(epochs * stepsPerEpoch);
    }

    /** Wall and CPU time of the current thread (the machine may be shared: CPU time shows the work). */
    private static final class Timer {
        private final long wall = System.nanoTime();
        private final long cpu = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();

        double[] rates(long steps) {
            double w = (System.nanoTime() - wall) / 1e9;
            double c = (ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - cpu) / 1e9;
            return new double[] {steps / w, steps / c};
        }
    }

    private static void run(Case c, CpuBackend backend, Dataset train, int epochs) {
        Trainer t = Trainer.builder(mlp(c))
                .optimizer(Optimizer.sgd(0.01).momentum(0.9).nesterov(true))
                .batchSize(c.batch()).epochs(epochs).seed(1).backend(backend)
                .build();
        t.fit(train, null);
    }

    /** Steps per second of MultiLayerNetwork.fit on prepared batches. */
    private static double[] dl4j(Case c) {
        int[] s = c.sizes();
        NeuralNetConfiguration.ListBuilder list = new NeuralNetConfiguration.Builder()
                .seed(1).dataType(DataType.FLOAT).weightInit(WeightInit.RELU)
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
        for (int i = 0; i < c.warmupSteps(); i++) {
            net.fit(batches.get(i % batches.size()));
        }
        Timer timer = new Timer();
        for (int i = 0; i < c.steps(); i++) {
            net.fit(batches.get(i % batches.size()));
        }
        return timer.rates(c.steps());
    }
}
