package dev.anneal.spark;

import dev.anneal.runtime.Activation;
import dev.anneal.runtime.Dataset;
import dev.anneal.runtime.EpochRecord;
import dev.anneal.runtime.Mlp;
import dev.anneal.runtime.Optimizer;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.executor.TaskMetrics;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobEnd;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.TaskInfo;
import org.junit.jupiter.api.Test;

/**
 * Samples per second of MLP 784-512-512-10 with batch 256 per worker on a real multi-process
 * cluster ({@code local-cluster}, one core per worker), 1 worker against 2 (not part of the test
 * suite: run with {@code -Dtest=ClusterSpeedBench}; {@code -Dbench.repeat=N} runs 1 and 2 workers N times, by
 * turns; {@code -Dbench.rows=N} trains on N rows; {@code -Dbench.epochs=N} runs N epochs; {@code -Dbench.sparkConf=key=value,...} adds Spark settings;
 * {@code -Dbench.tasks=true} prints each job's and task's times from Spark's listener; {@code -Dbench.driverFlags=...} adds
 * Java options to the driver, this JVM).
 * Averaging once an epoch; each epoch's time and round.
 */
class ClusterSpeedBench {
    /** Training rows: 8192 (16 steps of 2 x 256 an epoch) unless {@code -Dbench.rows} says otherwise. */
    private static final int ROWS = Integer.getInteger("bench.rows", 2 * 256 * 16);
    /** Epochs a run: 8 unless {@code -Dbench.epochs} says otherwise (the executors' JIT warms up over the first few). */
    private static final int EPOCHS = Integer.getInteger("bench.epochs", 8);

    /**
     * Whether the executors get what {@link SparkContexts} gives them ({@code -Xms} and
     * {@code -XX:+AlwaysPreTouch}); {@code -Dbench.steadyHeap=false} measures without.
     */
    private static final boolean STEADY_HEAP = Boolean.parseBoolean(System.getProperty("bench.steadyHeap", "true"));

    /** The machine's load averages (1, 5, 15 minutes), where Linux tells them. */
    private static String load() throws IOException {
        Path loadavg = Path.of("/proc/loadavg");
        return Files.exists(loadavg) ? String.join(" ", Arrays.copyOf(Files.readString(loadavg).split(" "), 3)) : "unknown";
    }

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
        int repeat = Integer.getInteger("bench.repeat", 1);
        for (int run = 0; run < 2 * repeat; run++) {
            int workers = 1 + run % 2;
            SparkConf conf = LocalCluster.conf("local-cluster[" + workers + ",1,2048]").set("spark.executor.memory", "1536m");
            if (STEADY_HEAP) {
                SparkContexts.steadyExecutorHeap(conf);
            }
            for (String kv : System.getProperty("bench.sparkConf", "").split(",")) {
                if (!kv.isBlank()) {
                    conf.set(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
                }
            }
            JavaSparkContext spark = new JavaSparkContext(conf);
            if (Boolean.getBoolean("bench.tasks")) {
                spark.sc().addSparkListener(new TaskTimes());
            }
            try {
                SparkTrainer[] t = new SparkTrainer[1];
                RoundOverhead[] before = {new RoundOverhead(0, 0, 0, 0, 0, 0, 0, 0, 0)};
                t[0] = SparkTrainer.builder(spark, Mlp.input(784).dense(512, Activation.RELU)
                                .dense(512, Activation.RELU).dense(10))
                        .workers(workers).batchSize(256).optimizer(Optimizer.sgd(0.01).momentum(0.9)).epochs(EPOCHS)
                        .listener((epoch, trainer) -> {
                            RoundOverhead now = t[0].overhead();
                            System.out.printf("BENCH %d worker(s) epoch %d: %.3f s, %.0f samples/s; %s%n", workers,
                                    epoch.epoch(), epoch.seconds(), ROWS / epoch.seconds(), now.since(before[0]));
                            before[0] = now;
                        })
                        .build();
                t[0].fit(data, null);
                List<Double> seconds = t[0].history().epochs().stream().skip(1).map(EpochRecord::seconds).sorted().toList();
                double median = seconds.get(seconds.size() / 2);
                System.out.printf("BENCH %d worker(s): executor options %s, driver %s%n", workers,
                        conf.get("spark.executor.extraJavaOptions").replaceAll("--add-opens\\S+ ?", ""),
                        ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                                .filter(a -> a.startsWith("-Xm") || a.startsWith("-XX")).toList());
                System.out.printf("BENCH %d worker(s): median epoch after the first %.3f s, %.0f samples/s; load average"
                        + " %s%n", workers, median, ROWS / median, load());
            } finally {
                spark.stop();
            }
        }
    }

    /** Prints each job's start and end and each task's times, as Spark's listener tells them (clock times in ms, mod 100 s). */
    private static final class TaskTimes extends SparkListener {
        @Override
        public void onJobStart(SparkListenerJobStart start) {
            System.out.printf("JOB %d start at %d%n", start.jobId(), start.time() % 100_000);
        }

        @Override
        public void onJobEnd(SparkListenerJobEnd end) {
            System.out.printf("JOB %d end at %d%n", end.jobId(), end.time() % 100_000);
        }

        @Override
        public void onTaskEnd(SparkListenerTaskEnd end) {
            TaskInfo i = end.taskInfo();
            TaskMetrics m = end.taskMetrics();
            long fetch = i.gettingResultTime() == 0 ? 0 : i.finishTime() - i.gettingResultTime();
            System.out.printf("TASK stage %d worker %d: launched at %d, %d ms (deserialize %d, run %d, GC %d, result"
                            + " serialization %d, result fetch %d), result %d bytes%n", end.stageId(), i.partitionId(),
                    i.launchTime() % 100_000, i.finishTime() - i.launchTime(), m.executorDeserializeTime(),
                    m.executorRunTime(), m.jvmGCTime(), m.resultSerializationTime(), fetch, m.resultSize());
        }
    }
}
