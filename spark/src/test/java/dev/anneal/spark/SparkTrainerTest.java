package dev.anneal.spark;

import static dev.anneal.Schedule.cosine;
import static dev.anneal.Schedule.warmup;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.anneal.runtime.Activation;
import dev.anneal.runtime.Dataset;
import dev.anneal.runtime.Hyperparameter;
import dev.anneal.runtime.Mlp;
import dev.anneal.runtime.Network;
import dev.anneal.runtime.Optimizer;
import dev.anneal.runtime.ParamGroup;
import dev.anneal.runtime.RunFolder;
import dev.anneal.runtime.Split;
import dev.anneal.runtime.Trainer;
import dev.anneal.testing.SharedData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SparkTrainerTest {
    static final Split SPLIT = Dataset.csv(SharedData.file("data/synth-1000x20.csv")).label("label").read().split(800);
    private static final Mlp MLP = Mlp.input(20).dense(32, Activation.RELU).dense(2);
    private static JavaSparkContext spark;

    @BeforeAll
    static void start() {
        spark = LocalSpark.start("local[2]");
    }

    @AfterAll
    static void stop() {
        if (spark != null) {
            spark.stop();
        }
    }

    @Test
    void twoWorkersWithBatch16AveragingEveryStepEqualOneMachineWithBatch32() {
        Optimizer sgd = Optimizer.sgd(0.05).momentum(0.9).weightDecay(1e-4);
        SparkTrainer distributed = SparkTrainer.builder(spark, MLP).workers(2).batchSize(16).averageEvery(1)
                .optimizer(sgd).schedule(warmup(10).then(cosine(40))).shuffle(false).epochs(2).seed(4).build();
        distributed.fit(SPLIT);
        Trainer single = Trainer.builder(MLP).batchSize(32).optimizer(sgd).schedule(warmup(10).then(cosine(40)))
                .shuffle(false).epochs(2).seed(4).build();
        single.fit(SPLIT);

        assertEquals(50, distributed.history().last().steps());
        double worst = 0;
        for (int i = 0; i < single.network().parameters().size(); i++) {
            double[] a = single.network().parameters().get(i).values();
            double[] b = distributed.network().parameters().get(i).values();
            for (int j = 0; j < a.length; j++) {
                worst = Math.max(worst, Math.abs(a[j] - b[j]) / Math.max(1, Math.abs(a[j])));
            }
        }
        System.out.println("largest difference after 50 steps, 2 x 16 vs 32: " + worst);
        assertTrue(worst < 1e-5, "parameters differ by up to " + worst);
        assertEquals(single.history().last().valLoss(), distributed.history().last().valLoss(), 1e-5);
        assertEquals(50, distributed.overhead().rounds());
    }

    @Test
    void aRunFolderStartedOnSparkContinuesOnOneMachineAndTheOtherWayRound(@TempDir Path dir) throws IOException {
        Optimizer sgd = Optimizer.sgd(0.05).momentum(0.9);
        Trainer.Builder single = Trainer.builder(MLP).batchSize(32).optimizer(sgd).schedule(warmup(10).then(cosine(90)))
                .shuffle(false).epochs(2).seed(4);
        SparkTrainer.Builder distributed = SparkTrainer.builder(spark, MLP).workers(2).batchSize(16).averageEvery(1)
                .optimizer(sgd).schedule(warmup(10).then(cosine(90))).shuffle(false).epochs(2).seed(4);
        Trainer straight = single.build();
        straight.fit(SPLIT);

        RunFolder sparkFirst = RunFolder.at(dir.resolve("spark-first"));
        distributed.runFolder(sparkFirst).stopAfter(1).build().fit(SPLIT);
        Trainer continued = single.runFolder(sparkFirst).build();
        continued.fit(SPLIT);
        assertEquals(2, continued.history().epochs().size());
        assertClose(straight, continued.network());

        RunFolder singleFirst = RunFolder.at(dir.resolve("single-first"));
        single.runFolder(singleFirst).stopAfter(1).build().fit(SPLIT);
        SparkTrainer then = distributed.runFolder(singleFirst).stopAfter(0).build();
        then.fit(SPLIT);
        assertEquals(2, then.history().epochs().size());
        assertEquals(25, then.overhead().rounds(), "only epoch 2 ran on Spark");
        assertClose(straight, then.network());
        assertTrue(Files.readString(singleFirst.dir().resolve("run.json")).contains("finished"));
    }

    private static void assertClose(Trainer expected, Network got) {
        for (int i = 0; i < expected.network().parameters().size(); i++) {
            double[] a = expected.network().parameters().get(i).values();
            double[] b = got.parameters().get(i).values();
            for (int j = 0; j < a.length; j++) {
                assertEquals(a[j], b[j], 1e-5 * Math.max(1, Math.abs(a[j])), "parameter " + i + "[" + j + "]");
            }
        }
    }

    @Test
    void moreWorkersThanRowsAreRefusedWithOneMessage() {
        Dataset three = SPLIT.train().select(new int[] {0, 1, 2});
        IllegalArgumentException rows = assertThrows(IllegalArgumentException.class,
                () -> SparkTrainer.builder(spark, MLP).workers(4).build().fit(three, null));
        assertEquals("workers must be <= the training rows (3), got 4", rows.getMessage());
    }

    @Test
    void paramGroupsWithTheirOwnSettingsAndScheduleEqualOneMachine() {
        Optimizer sgd = Optimizer.sgd(0.05).momentum(0.9).weightDecay(1e-3)
                .group(ParamGroup.biases().lr(0.2).weightDecay(0.0).schedule(Hyperparameter.LR, warmup(20).then(cosine(30))));
        SparkTrainer distributed = SparkTrainer.builder(spark, MLP).workers(2).batchSize(16).averageEvery(1)
                .optimizer(sgd).schedule(warmup(10).then(cosine(40))).shuffle(false).epochs(2).seed(4).build();
        distributed.fit(SPLIT);
        Trainer single = Trainer.builder(MLP).batchSize(32).optimizer(sgd).schedule(warmup(10).then(cosine(40)))
                .shuffle(false).epochs(2).seed(4).build();
        single.fit(SPLIT);
        Trainer ungrouped = Trainer.builder(MLP).batchSize(32).optimizer(Optimizer.sgd(0.05).momentum(0.9).weightDecay(1e-3))
                .schedule(warmup(10).then(cosine(40))).shuffle(false).epochs(2).seed(4).build();
        ungrouped.fit(SPLIT);

        assertClose(single, distributed.network());
        double[] bias = ungrouped.network().parameters().get(1).values();
        double[] grouped = distributed.network().parameters().get(1).values();
        double apart = 0;
        for (int j = 0; j < bias.length; j++) {
            apart = Math.max(apart, Math.abs(bias[j] - grouped[j]));
        }
        assertTrue(apart > 1e-2, "the biases' group changed their training: largest difference " + apart);
    }

    @Test
    void aWorkerComputesWithTheCoresSparkGaveItsTask() {
        java.util.List<Integer> threads = spark.parallelize(java.util.List.of(0, 1), 2)
                .map(i -> Recipe.workerThreads()).collect();

        assertEquals(java.util.List.of(1, 1), threads, "spark.task.cpus is 1");
        assertEquals(dev.anneal.runtime.nd4j.CpuThreads.defaultCount(), Recipe.workerThreads(), "outside a task");
    }

    @Test
    void tenWorkersAveragedInGroupsOnTheExecutorsEqualOneMachineWithTheirWholeBatch() {
        Optimizer sgd = Optimizer.sgd(0.05).momentum(0.9);
        SparkTrainer distributed = SparkTrainer.builder(spark, MLP).workers(10).batchSize(8).averageEvery(1)
                .optimizer(sgd).schedule(warmup(4).then(cosine(16))).shuffle(false).epochs(2).seed(4).build();
        distributed.fit(SPLIT);
        Trainer single = Trainer.builder(MLP).batchSize(80).optimizer(sgd).schedule(warmup(4).then(cosine(16)))
                .shuffle(false).epochs(2).seed(4).build();
        single.fit(SPLIT);

        double worst = 0;
        for (int i = 0; i < single.network().parameters().size(); i++) {
            double[] a = single.network().parameters().get(i).values();
            double[] b = distributed.network().parameters().get(i).values();
            for (int j = 0; j < a.length; j++) {
                worst = Math.max(worst, Math.abs(a[j] - b[j]) / Math.max(1, Math.abs(a[j])));
            }
        }
        System.out.println("largest difference after 20 steps, 10 x 8 (averaged in groups of "
                + SparkEpochs.FAN_IN + ") vs 80: " + worst);
        assertTrue(SparkEpochs.FAN_IN < 10, "the workers are averaged in groups first");
        assertTrue(worst < 1e-5, "parameters differ by up to " + worst);
        assertEquals(single.history().last().trainLoss(), distributed.history().last().trainLoss(), 1e-5);
        assertEquals(20, distributed.overhead().rounds());
    }

    @Test
    void adamOnTwoWorkersReaches088ForThreeSeeds() {
        double[] acc = new double[3];
        for (int seed = 0; seed < acc.length; seed++) {
            SparkTrainer t = SparkTrainer.builder(spark, Mlp.input(20).dense(64, Activation.RELU).dense(2))
                    .workers(2).batchSize(16).standardize(true)
                    .optimizer(Optimizer.adam(0.01)).schedule(warmup(25).then(cosine(475)))
                    .epochs(20).seed(seed).build();

            acc[seed] = t.fit(SPLIT).last().valAccuracy();
            RoundOverhead o = t.overhead();
            System.out.printf("adam seed %d: %d rounds, %.1f ms each, %.1f ms overhead%n", seed, o.rounds(),
                    o.meanRoundMillis(), o.meanOverheadMillis());
        }
        System.out.println("validation accuracy with 2 workers (Adam) per seed: " + Arrays.toString(acc));
        for (double a : acc) {
            assertTrue(a >= 0.88, "every seed >= 0.88: " + Arrays.toString(acc));
        }
    }

    @Test
    void averagingOnceAnEpochTrainsOnRowsThatAlternateByClass() {
        int[] alternating = alternatingByClass(SPLIT.train());
        Split split = new Split(SPLIT.train().select(alternating), SPLIT.validation());
        SparkTrainer t = SparkTrainer.builder(spark, MLP).workers(2).batchSize(16).standardize(true)
                .optimizer(Optimizer.sgd(0.1).momentum(0.9)).schedule(warmup(50).then(cosine(150))).epochs(8).seed(2).build();

        double acc = t.fit(split).last().valAccuracy();

        System.out.println("averaging once an epoch, rows alternating by class: val acc " + acc);
        assertTrue(acc >= 0.88, "val acc " + acc + " (dealing rows w, w + 2, ... would give each worker one class)");
    }

    /** The row indices of {@code data} reordered so that the classes alternate 0, 1, 0, 1, ... as far as both last. */
    private static int[] alternatingByClass(Dataset data) {
        java.util.List<Integer> zeros = new java.util.ArrayList<>();
        java.util.List<Integer> ones = new java.util.ArrayList<>();
        for (int r = 0; r < data.rows(); r++) {
            (data.label(r) == 0 ? zeros : ones).add(r);
        }
        int pairs = Math.min(zeros.size(), ones.size());
        int[] out = new int[2 * pairs];
        for (int i = 0; i < pairs; i++) {
            out[2 * i] = zeros.get(i);
            out[2 * i + 1] = ones.get(i);
        }
        return out;
    }
}
