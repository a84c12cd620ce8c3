package dev.anneal.spark;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.anneal.runtime.History;
import dev.anneal.runtime.sweep.SweepResult;
import dev.anneal.runtime.sweep.TrialRunner;
import dev.anneal.runtime.sweep.TrialTrainer;
import java.nio.file.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sweep on a real cluster: {@code local-cluster[2,1,1024]} runs the trials in two executor JVMs,
 * which read the trainer, its data and the trial folders from what the driver serialized. One
 * executor JVM is killed by its pid after it trained a trial's first rung in its scratch folder;
 * Spark runs the task again elsewhere, and the sweep ranks as on local threads
 * ({@link SparkTrialRunnerTest#assertSame}).
 */
class SweepOnLocalClusterTest {
    @TempDir
    Path dir;

    @Test
    void anExecutorKilledInTheMiddleOfATrialChangesNothing() throws Exception {
        Path marks = Path.of("target").toAbsolutePath().resolve("sweep-kill-marks");
        ExecutorKiller.reset(marks);
        String where = marks.toString();
        TrialTrainer trainer = TrialTrainer.of(SparkTrialRunnerTest.MLP, SparkTrialRunnerTest.SPLIT);
        TrialTrainer killsOne = task -> {
            History h = trainer.train(task);
            if (task.trial().number() == 1) {   // warmup(0) then cosine(), lr 0.03: it runs all 4 epochs
                ExecutorKiller.offerOnce(where);
            }
            return h;
        };
        SweepResult local = SparkTrialRunnerTest.sweep(TrialRunner.local(2), trainer, dir.resolve("local"));

        JavaSparkContext spark = new JavaSparkContext(LocalCluster.conf("local-cluster[2,1,1024]"));
        Thread killer = new Thread(() -> ExecutorKiller.killWhenAsked(marks), "executor-killer");
        killer.setDaemon(true);
        try {
            killer.start();
            SweepResult onSpark = SparkTrialRunnerTest.sweep(new SparkTrialRunner(spark, 2), killsOne,
                    dir.resolve("spark"));

            assertTrue(ExecutorKiller.killed(marks), "an executor was killed");
            SparkTrialRunnerTest.assertSame(local, dir.resolve("local"), onSpark, dir.resolve("spark"));
        } finally {
            killer.interrupt();
            spark.stop();
        }
    }
}
