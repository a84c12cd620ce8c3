package dev.anneal.spark;

import dev.anneal.runtime.Activation;
import dev.anneal.runtime.Dataset;
import dev.anneal.runtime.Mlp;
import dev.anneal.runtime.Optimizer;
import java.util.SplittableRandom;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;

/**
 * Round overhead of {@link SparkTrainer} in local mode (not part of the test suite: run with
 * {@code -Dtest=RoundOverheadBench}): a small MLP and 784-512-512-10, 2 to 16 workers (16: averaged
 * in groups on the executors first), one step per round, so a round is nearly all overhead for the
 * small one; the rounds after the first epoch (the JVM warm).
 */
class RoundOverheadBench {

    @Test
    void printRoundOverhead() {
        JavaSparkContext spark = LocalSpark.start("local[2]");
        try {
            for (int workers : new int[] {2, 4, 8}) {
                measure(spark, "mlp 20-32-2", Mlp.input(20).dense(32, Activation.RELU).dense(2), 20, workers, 16, 4);
            }
            for (int workers : new int[] {2, 4, 8, 16}) {
                measure(spark, "mlp 784-512-512-10", Mlp.input(784).dense(512, Activation.RELU)
                        .dense(512, Activation.RELU).dense(10), 784, workers, 16, 2);
            }
        } finally {
            spark.stop();
        }
    }

    private static void measure(JavaSparkContext spark, String name, Mlp mlp, int features, int workers, int batch,
                                int epochs) {
        int rows = workers * batch * 20;
        SplittableRandom rng = new SplittableRandom(1);
        double[][] x = new double[rows][features];
        int[] y = new int[rows];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < features; j++) {
                x[i][j] = rng.nextDouble();
            }
            y[i] = rng.nextInt(2);
        }
        for (String opt : new String[] {"sgd", "adam"}) {
            SparkTrainer[] t = new SparkTrainer[1];
            RoundOverhead[] firstEpoch = new RoundOverhead[1];
            t[0] = SparkTrainer.builder(spark, mlp).workers(workers).batchSize(batch).averageEvery(1)
                    .optimizer(opt.equals("sgd") ? Optimizer.sgd(0.01).momentum(0.9) : Optimizer.adam(1e-3))
                    .epochs(epochs).shuffle(false)
                    .listener((epoch, trainer) -> {
                        if (epoch.epoch() == 1) {
                            firstEpoch[0] = t[0].overhead();
                        }
                    })
                    .build();
            t[0].fit(Dataset.classification(x, y), null);
            System.out.printf("BENCH %-20s %-4s workers %2d, after the first epoch: %s%n", name, opt, workers,
                    t[0].overhead().since(firstEpoch[0]));
        }
    }
}
