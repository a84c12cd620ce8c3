package dev.anneal.samples.cli;

import dev.anneal.spark.SparkEpochs;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/**
 * The Spark options of {@code anneal train} ({@code --spark}, {@code --workers}, {@code --average-every}),
 * declared once and mixed in with {@code @Mixin}: training data-parallel on a Spark cluster, a shard of the
 * rows per worker. {@code anneal lr-find} takes them for {@code --then-train}.
 * <pre>{@code
 * @Mixin SparkOptions spark;
 * spark.check(spec);
 * if (spark.on()) {
 *     try (SparkEpochs epochs = spark.connect()) { session.epochSteps(epochs); ... }
 * }
 * }</pre>
 */
final class SparkOptions {

    @Option(names = "--spark", paramLabel = "MASTER",
            description = "Train data-parallel on Apache Spark: MASTER is a Spark master URL (local[N], "
                    + "spark://host:port). The launcher (bin/anneal, ./build.sh anneal) brings "
                    + "Spark; on a cluster, run the tool with spark-submit (README, More than one machine). The workers train on their CPUs; --batch is per worker.")
    String master;

    @Option(names = "--workers", paramLabel = "N",
            description = "With --spark: Spark tasks training at once, a shard of the rows each (default: 2).")
    Integer workers;

    @Option(names = "--average-every", paramLabel = "K",
            description = "With --spark: steps each worker trains between two averagings (default: a whole epoch).")
    Integer averageEvery;

    /** --workers and --average-every only with --spark, and at least 1, else a usage error of {@code command}. */
    void check(CommandSpec command) {
        if (master == null && (workers != null || averageEvery != null)) {
            throw UserErrors.usage(command, (workers != null ? "--workers" : "--average-every") + " goes with --spark MASTER");
        }
        if (workers != null) {
            UserErrors.requirePositive(command, "--workers", workers);
        }
        if (averageEvery != null) {
            UserErrors.requirePositive(command, "--average-every", averageEvery);
        }
    }

    /** Whether the run trains on Spark (--spark given). */
    boolean on() {
        return master != null;
    }

    /** The Spark workers (--workers, default 2). */
    int workers() {
        return workers != null ? workers : 2;
    }

    /** The run's batch for {@code batch} rows per step: on Spark, that many per worker. */
    int runBatch(int batch) {
        return on() ? batch * workers() : batch;
    }

    /** The header line: the master, the workers and when they average. */
    String description(int batch) {
        return "spark: " + master + ", " + workers() + " workers x batch " + batch + ", averaging "
                + (averageEvery == null ? "once an epoch" : averageEvery == 1 ? "after every step"
                : "every " + averageEvery + " steps");
    }

    /** The Spark workers of --spark MASTER, averaging as --average-every says; an error names the option. */
    SparkEpochs connect() {
        SparkEpochs epochs;
        try {
            epochs = SparkEpochs.connect(master, workers());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--spark " + e.getMessage(), e);
        }
        return epochs.averageEvery(averageEvery != null ? averageEvery : 0);
    }
}
