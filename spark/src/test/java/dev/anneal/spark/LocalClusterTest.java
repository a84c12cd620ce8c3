package dev.anneal.spark;

import static dev.anneal.Schedule.cosine;
import static dev.anneal.Schedule.warmup;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.anneal.runtime.Activation;
import dev.anneal.runtime.Mlp;
import dev.anneal.runtime.Network;
import dev.anneal.runtime.Optimizer;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;

/**
 * A real cluster: Spark's {@code local-cluster[2,1,1024]} starts a master, two workers and an executor
 * JVM per worker on 127.0.0.1, from a Spark home whose {@code jars/} links the jars Maven resolved for
 * this module, with the Java options {@link SparkContexts} gives executors. An executor JVM killed (by its pid) in the middle of epoch 4 costs a retried task, not
 * a different result: the final parameters equal an undisturbed run's.
 */
class LocalClusterTest {
    private static final Mlp MLP = Mlp.input(20).dense(32, Activation.RELU).dense(2);
    private static final int EPOCHS = 10;
    /** 800 rows, 2 workers x batch 25: 16 steps an epoch; epoch 4 holds steps 48 to 63. */
    private static final long KILL_AT_STEP = 52;

    @Test
    void anExecutorKilledDuringEpoch4ChangesNothing() throws Exception {
        Path target = Path.of("target").toAbsolutePath();
        Path marks = Files.createDirectories(target.resolve("kill-marks"));
        ExecutorKiller.reset(marks);
        JavaSparkContext spark = new JavaSparkContext(
                SparkContexts.steadyExecutorHeap(LocalCluster.conf("local-cluster[2,1,1024]")
                        .set("spark.executor.memory", "512m")));
        Thread killer = null;
        try {
            for (List<String> options : spark.parallelize(List.of(0, 1), 2)
                    .map(i -> ManagementFactory.getRuntimeMXBean().getInputArguments()).collect()) {
                assertTrue(options.containsAll(List.of("-Xms512m", "-XX:+AlwaysPreTouch")), options.toString());
            }
            double[][] undisturbed = train(spark, null);

            killer = new Thread(() -> ExecutorKiller.killWhenAsked(marks), "executor-killer");
            killer.setDaemon(true);
            killer.start();
            double[][] disturbed = train(spark, new KillAtStep(marks.toString(), KILL_AT_STEP));

            assertTrue(ExecutorKiller.killed(marks), "an executor was killed");
            for (int i = 0; i < undisturbed.length; i++) {
                assertArrayEquals(undisturbed[i], disturbed[i], "parameter " + i);
            }
        } finally {
            if (killer != null) {
                killer.interrupt();
            }
            spark.stop();
        }
    }

    private static double[][] train(JavaSparkContext spark, WorkerListener listener) {
        SparkTrainer t = SparkTrainer.builder(spark, MLP).workers(2).batchSize(25)
                .optimizer(Optimizer.adam(0.005)).schedule(warmup(16).then(cosine(144))).epochs(EPOCHS).seed(2)
                .workerListener(listener).build();
        t.fit(SparkTrainerTest.SPLIT);
        assertEquals(EPOCHS, t.history().epochs().size());
        Network net = t.network();
        double[][] out = new double[net.parameters().size()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = net.parameters().get(i).values();
        }
        return out;
    }

    /** On the executor: at the step, the first time only, says its pid and waits to be killed. */
    private record KillAtStep(String marks, long step) implements WorkerListener {
        @Override
        public void onStep(int worker, long globalStep, double[] lrs) {
            if (globalStep == step) {
                ExecutorKiller.offerOnce(marks);
            }
        }
    }
}
