package dev.anneal.spark;

import dev.anneal.runtime.Activation;
import dev.anneal.runtime.Dataset;
import dev.anneal.runtime.History;
import dev.anneal.runtime.Mlp;
import dev.anneal.runtime.Split;
import dev.anneal.runtime.sweep.Halving;
import dev.anneal.runtime.sweep.SearchSpace;
import dev.anneal.runtime.sweep.Sweep;
import dev.anneal.runtime.sweep.TrialRunner;
import dev.anneal.runtime.sweep.TrialTask;
import dev.anneal.runtime.sweep.TrialTrainer;
import dev.anneal.testing.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What running a sweep's trials as Spark tasks costs next to local threads (not part of the test
 * suite: run with {@code -Dtest=TrialOverheadBench}): the README's sweep (16 trials, 20 epochs,
 * halving eta=3,min-epochs=2) with 2 trials at once, on local threads and on {@code local[2]},
 * alternately, five times each (the first rounds warm the JVM up); the difference per piece of work
 * (one Spark job each) is the overhead; then the time of an empty Spark job of one task.
 */
class TrialOverheadBench {
    private static final Split SPLIT = Dataset.csv(SharedData.file("data/synth-1000x20.csv")).label("label").read()
            .split(800);
    private static final SearchSpace SPACE = SearchSpace.builder().schedule("warmup({w}) then cosine(etaMin={eta})")
            .hole("w", "0", "2.epochs").hole("eta", "0", "1e-3").lrs(0.01, 0.03, 0.1, 0.3).epochs(20).build();

    /** Time spent in the trainer, on the executors (the same JVM in local mode). */
    private static final AtomicLong TRAINING_NANOS = new AtomicLong();

    @TempDir
    Path dir;

    @Test
    void printOverheadPerTrialTask() throws Exception {
        TrialTrainer plain = TrialTrainer.of(Mlp.input(20).dense(64, Activation.RELU).dense(2), SPLIT);
        TrialTrainer trainer = task -> {
            long start = System.nanoTime();
            try {
                return plain.train(task);
            } finally {
                TRAINING_NANOS.addAndGet(System.nanoTime() - start);
            }
        };
        JavaSparkContext spark = LocalSpark.start("local[2]");
        try {
            for (int round = 1; round <= 5; round++) {
                TRAINING_NANOS.set(0);
                double local = seconds(TrialRunner.local(2), trainer, dir.resolve("local-" + round));
                double localTraining = TRAINING_NANOS.getAndSet(0) / 1e9;
                AtomicInteger jobs = new AtomicInteger();
                double onSpark = seconds(counting(new SparkTrialRunner(spark, 2), jobs), trainer,
                        dir.resolve("spark-" + round));
                System.out.printf(Locale.ROOT, "round %d: local threads %.2f s (training %.2f s), local[2] %.2f s "
                        + "(training %.2f s), %d Spark jobs, %.0f ms more a job (2 at once)%n", round, local,
                        localTraining, onSpark, TRAINING_NANOS.get() / 1e9, jobs.get(),
                        (onSpark - local) * 1000 / jobs.get() * 2);
            }
            long start = System.nanoTime();
            for (int i = 0; i < 50; i++) {
                spark.parallelize(List.of(i), 1).map(x -> x + 1).collect();
            }
            System.out.printf(Locale.ROOT, "an empty Spark job of one task: %.0f ms%n", (System.nanoTime() - start) / 1e6 / 50);
            long bytes;
            try (var files = Files.walk(dir.resolve("spark-5").resolve("trials"))) {
                bytes = files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
            }
            System.out.printf(Locale.ROOT, "trial folders after the sweep: %d KB in all%n", bytes / 1024);
        } finally {
            spark.stop();
        }
    }

    private static double seconds(TrialRunner runner, TrialTrainer trainer, Path out) {
        long start = System.nanoTime();
        try (runner) {
            Sweep.builder(SPACE).trainer(trainer).runner(runner).halving(Halving.parse("eta=3,min-epochs=2")).out(out)
                    .build().run();
        }
        return (System.nanoTime() - start) / 1e9;
    }

    private static TrialRunner counting(TrialRunner runner, AtomicInteger jobs) {
        return new TrialRunner() {
            @Override
            public int workers() {
                return runner.workers();
            }

            @Override
            public CompletableFuture<History> submit(TrialTask task, TrialTrainer trainer) {
                jobs.incrementAndGet();
                return runner.submit(task, trainer);
            }

            @Override
            public void close() {
                runner.close();
            }
        };
    }
}
