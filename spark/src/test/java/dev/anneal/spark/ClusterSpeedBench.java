package dev.anneal.spark;

import dev.anneal.runtime.Activation;
import dev.anneal.runtime.Dataset;
import dev.anneal.runtime.EpochRecord;
import dev.anneal.runtime.Mlp;
import dev.anneal.runtime.Optimizer;
import java.util.SplittableRandom;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;

/**
 * Samples per second of MLP 784-512-512-10 with batch 256 per worker on a real multi-process
 * cluster ({@code local-cluster}, one core per worker), 1 worker against 2 (not part of the test
 * suite: run with {@code -Dtest=ClusterSpeedBench}). Averaging once an epoch; the last epoch's time.
 */
class ClusterSpeedBench {
    private static final int ROWS = 2 * 256 * 16;

    @Test
    void printSamplesPerSecond() throws Exception {
        SplittableRandom rng = new SplittableRandom(3);
        double[][] x = new double[ROWS][784];
        int[] y = new int[ROWS];
        for (int i = 0; i < ROWS; i++) {
            for (int j = 0; j < 784; j++) {
                x[i][j] = rng.nextDouble();
            }
            y[i] = rng.nextInt(10);
        }
        Dataset data = Dataset.classification(x, y);
        for (int workers : new int[] {1, 2}) {
            JavaSparkContext spark = new JavaSparkContext(
                    LocalCluster.conf("local-cluster[" + workers + ",1,2048]").set("spark.executor.memory", "1536m"));
            try {
                SparkTrainer t = SparkTrainer.builder(spark, Mlp.input(784).dense(512, Activation.RELU)
                                .dense(512, Activation.RELU).dense(10))
                        .workers(workers).batchSize(256).optimizer(Optimizer.sgd(0.01).momentum(0.9)).epochs(8).build();
                t.fit(data, null);
                EpochRecord last = t.history().last();
                RoundOverhead o = t.overhead();
                System.out.println("BENCH epoch seconds: " + t.history().epochs().stream().map(e -> String.format("%.2f", e.seconds())).toList());
                double best = t.history().epochs().stream().skip(1).mapToDouble(EpochRecord::seconds).min().orElse(0);
                System.out.printf("BENCH %d worker(s): %.0f samples/s (last epoch %.2f s), best epoch after the first"
                                + " %.0f samples/s (%.2f s); %s%n", workers, ROWS / last.seconds(), last.seconds(),
                        ROWS / best, best, o);
            } finally {
                spark.stop();
            }
        }
    }
}
