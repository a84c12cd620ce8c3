package dev.anneal.spark;

import dev.anneal.Clock;
import dev.anneal.runtime.Dataset;
import dev.anneal.runtime.backend.Precision;
import dev.anneal.runtime.training.EpochSteps;
import dev.anneal.runtime.training.EpochWork;
import dev.anneal.runtime.training.StepRunner;
import dev.anneal.runtime.training.TrainingState;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

/**
 * A {@link dev.anneal.runtime.Trainer}'s epochs trained on Spark, data-parallel, in rounds of one
 * Spark job each: the driver broadcasts the state, each of the {@code workers} tasks runs up to
 * {@code averageEvery} steps on its shard, and the states are averaged weighted by the rows each
 * worker trained on. The training rows are a cached Spark data set of one partition (shard) per
 * worker, so an executor keeps its shard from round to round, Spark sends each round's task where
 * the shard is, and a lost executor's shard is made again, the same, elsewhere. The state travels as
 * float32 bytes (float64 when the run computes in float64); up to {@value #FAN_IN} workers' states
 * come back to the driver, more are first averaged in groups of {@value #FAN_IN} on the executors.
 * A round never crosses the end of an epoch, so validation and plateau decisions come between
 * rounds, as on one machine. The trainer's batch size is the global one:
 * each worker trains on {@code batchSize / workers} rows a step. {@link SparkTrainer} is the short
 * way; this is the way into a trainer built elsewhere. One object serves one run.
 *
 * <pre>{@code
 * SparkEpochs onSpark = new SparkEpochs(spark, 2).averageEvery(1);   // or SparkEpochs.connect("local[2]", 2)
 * Trainer trainer = Trainer.builder(mlp).batchSize(32).epochs(10).epochSteps(onSpark).build();
 * SparkEpochs.requireFits(split.train().rows(), 32, 2);
 * trainer.fit(split);
 * onSpark.close();
 * }</pre>
 */
public final class SparkEpochs implements EpochSteps, AutoCloseable {
    /** The most worker states the driver receives in a round; more workers are averaged in groups first. */
    static final int FAN_IN = 8;
    private final JavaSparkContext spark;
    private final boolean ownsContext;
    private final int workers;
    private final String runId = UUID.randomUUID().toString();
    private int averageEvery;
    private WorkerListener listener;
    private Precision precision = Precision.FLOAT32;
    private List<Broadcast<Shard>> shards;
    private JavaRDD<Dataset> data;
    private boolean givenShards;
    private Broadcast<Recipe> recipe;
    private final RoundTimes times = new RoundTimes();

    /** Epochs trained by {@code workers} Spark tasks of {@code spark}. */
    public SparkEpochs(JavaSparkContext spark, int workers) {
        this(spark, workers, false);
    }

    private SparkEpochs(JavaSparkContext spark, int workers, boolean ownsContext) {
        this.spark = Objects.requireNonNull(spark, "spark");
        this.ownsContext = ownsContext;
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be >= 1, got " + workers);
        }
        this.workers = workers;
    }

    /**
     * Epochs trained by {@code workers} tasks on a Spark context of its own on {@code master}
     * ({@code local[N]}, {@code spark://host:port}, ...), which {@link #close()} stops. A
     * {@code spark://} master that does not answer is refused at once; a cluster is used once an
     * executor has registered (waiting up to 30 s, and a second more a GB of executor heap, which each
     * executor touches at start).
     *
     * @throws IllegalArgumentException naming the master when it cannot be used
     */
    public static SparkEpochs connect(String master, int workers) {
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be >= 1, got " + workers);
        }
        JavaSparkContext spark = SparkContexts.connect(master, "anneal train");
        try {
            return new SparkEpochs(spark, workers, true);
        } catch (RuntimeException e) {
            spark.stop();
            throw e;
        }
    }

    /** Steps each worker runs between two averagings (default 0: a whole epoch, one pass over each shard). */
    public SparkEpochs averageEvery(int steps) {
        if (steps < 0) {
            throw new IllegalArgumentException("averageEvery must be >= 1 (or 0: once per epoch), got " + steps);
        }
        this.averageEvery = steps;
        return this;
    }

    /**
     * Trains on {@code shards}, a cached data set of one partition per worker (partition {@code w}
     * holding worker {@code w}'s rows, standardised when the run standardises), instead of dealing
     * the trainer's rows itself; its owner unpersists it.
     */
    SparkEpochs shards(JavaRDD<Dataset> shards) {
        if (shards.getNumPartitions() != workers) {
            throw new IllegalArgumentException("shards: " + shards.getNumPartitions() + " partitions for " + workers
                    + " workers");
        }
        this.data = shards;
        this.givenShards = true;
        return this;
    }

    /** The Spark context the epochs run on. */
    JavaSparkContext context() {
        return spark;
    }

    /** The workers. */
    int workers() {
        return workers;
    }

    /** A listener told about every step on the workers (serialized and sent there); null for none. */
    public SparkEpochs workerListener(WorkerListener listener) {
        this.listener = listener;
        return this;
    }

    /** The workers' tensor precision, which should be the driver backend's (default float32). */
    public SparkEpochs precision(Precision precision) {
        this.precision = Objects.requireNonNull(precision, "precision");
        return this;
    }

    /**
     * Checks that {@code trainRows} rows in global batches of {@code batchSize} can be shared by
     * {@code workers} workers: at least one row each, and the batch a multiple of the workers.
     */
    public static void requireFits(int trainRows, int batchSize, int workers) {
        if (trainRows < workers) {
            throw new IllegalArgumentException("workers must be <= the training rows (" + trainRows + "), got " + workers);
        }
        if (batchSize % workers != 0) {
            throw new IllegalArgumentException("the batch size (" + batchSize + ") must be a multiple of the workers ("
                    + workers + ")");
        }
    }

    @Override
    public void train(EpochWork work) {
        if (recipe == null) {
            start(work);
        }
        int k = averageEvery > 0 ? averageEvery : work.stepsPerEpoch();
        while (work.stepsLeft() > 0) {
            long start = System.nanoTime();
            int steps = Math.min(k, work.stepsLeft());
            Broadcast<PackedState> state = spark.broadcast(PackedState.of(work.state(), precision));
            long sent = System.nanoTime();
            WorkerResult mean = round(data.mapPartitionsWithIndex(
                    new RunSteps(runId, recipe, state, precision, steps, listener), true));
            long back = System.nanoTime();
            state.destroy();
            advance(work, mean);
            long end = System.nanoTime();
            times.add(end - start, sent - start, mean.fetchNanos(), mean.stepsNanos(), mean.convertNanos(),
                    mean.busyNanos(), end - back);
        }
    }

    /**
     * The workers' results averaged: collected and averaged on the driver for up to {@link #FAN_IN}
     * workers; beyond that, averaged first in groups of {@code FAN_IN} consecutive workers on the
     * executors, so the driver receives {@code ceil(workers / FAN_IN)} states, not {@code workers}. Each
     * average adds in worker order, so the result does not depend on the order tasks finish in.
     */
    private WorkerResult round(JavaRDD<WorkerResult> results) {
        return round(results, workers);
    }

    /** {@link #round(JavaRDD)} of {@code workers} workers' results, whatever order they arrive in. */
    static WorkerResult round(JavaRDD<WorkerResult> results, int workers) {
        if (workers <= FAN_IN) {
            return WorkerResult.combine(results.collect());
        }
        int groups = (workers + FAN_IN - 1) / FAN_IN;
        return WorkerResult.combine(results.mapToPair(r -> new Tuple2<>(r.worker() / FAN_IN, r))
                .groupByKey(groups)
                .map(g -> WorkerResult.combine(toList(g._2())))
                .collect());
    }

    private static List<WorkerResult> toList(Iterable<WorkerResult> results) {
        List<WorkerResult> out = new ArrayList<>();
        results.forEach(out::add);
        return out;
    }

    private void start(EpochWork work) {
        requireFits(work.trainRows(), work.batchSize(), workers);
        long perEpoch = work.stepsPerEpoch();
        recipe = spark.broadcast(Recipe.of(work.mlp(), work.optimizer(), work.schedules(),
                Clock.of(perEpoch, perEpoch * work.epochs()), work.batchSize() / workers, work.shuffle(),
                work.shuffleSeed(), precision));
        if (givenShards) {
            return;
        }
        shards = new ArrayList<>();
        List<Integer> indices = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
            shards.add(spark.broadcast(Shard.of(work.trainingData(), w, workers, work.shuffle(), work.shuffleSeed())));
            indices.add(w);
        }
        data = spark.parallelize(indices, workers).mapPartitionsWithIndex(new ShardData(shards), true)
                .persist(StorageLevel.MEMORY_ONLY());
    }

    private static void advance(EpochWork work, WorkerResult mean) {
        if (!(mean.weight() > 0)) {
            throw new IllegalStateException("a round trained on no rows (weights add up to " + mean.weight() + ")");
        }
        double[] losses = new double[mean.rows().length];
        for (int i = 0; i < losses.length; i++) {
            losses[i] = mean.rows()[i] == 0 ? 0 : mean.lossSums()[i] / mean.rows()[i];
        }
        work.advance(mean.state().unpack(), losses, mean.rows());
    }

    /** How long the rounds took and how much of it was overhead (shipping, scheduling, averaging). */
    public RoundOverhead overhead() {
        return times.overhead();
    }

    /** Frees what the run broadcast to the executors, and stops the context {@link #connect} made. */
    @Override
    public void close() {
        try {
            if (data != null && !givenShards) {
                data.unpersist(false);
            }
            if (recipe != null) {
                recipe.destroy();
            }
            if (shards != null) {
                shards.forEach(Broadcast::destroy);
            }
        } finally {
            if (ownsContext) {
                spark.stop();
            }
        }
    }

    /** Partition {@code w} of the training rows: worker {@code w}'s shard, read from its broadcast. */
    private record ShardData(List<Broadcast<Shard>> shards)
            implements Function2<Integer, Iterator<Integer>, Iterator<Dataset>> {

        @Override
        public Iterator<Dataset> call(Integer worker, Iterator<Integer> ignored) {
            return List.of(shards.get(worker).value().dataset()).iterator();
        }
    }

    /** One worker's round: a pure function of what the driver shipped, so a retried task gives the same result. */
    private record RunSteps(String runId, Broadcast<Recipe> recipe, Broadcast<PackedState> state, Precision precision,
                            int steps, WorkerListener listener)
            implements Function2<Integer, Iterator<Dataset>, Iterator<WorkerResult>> {

        @Override
        public Iterator<WorkerResult> call(Integer worker, Iterator<Dataset> partition) {
            long start = System.nanoTime();
            Dataset shard = partition.next();
            StepRunner runner = WorkerRunners.get(runId, worker, recipe.value());
            PackedState shipped = state.value();
            long fetched = System.nanoTime();
            TrainingState from = shipped.unpack();
            long read = System.nanoTime();
            StepRunner.Result r = runner.run(from, shard, steps,
                    listener == null ? null : (step, lrs) -> listener.onStep(worker, step, lrs));
            long ran = System.nanoTime();
            double[] lossSums = new double[steps];
            for (int i = 0; i < steps; i++) {
                lossSums[i] = r.losses()[i] * r.rows()[i];
            }
            PackedState out = PackedState.of(r.state(), precision);
            long end = System.nanoTime();
            return List.of(new WorkerResult(worker, out, r.totalRows(), lossSums, r.rows(), ran - read,
                    fetched - start, (read - fetched) + (end - ran), end - start)).iterator();
        }
    }
}
