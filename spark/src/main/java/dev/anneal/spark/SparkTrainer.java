package dev.anneal.spark;

import dev.anneal.Schedule;
import dev.anneal.runtime.Dataset;
import dev.anneal.runtime.History;
import dev.anneal.runtime.Hyperparameter;
import dev.anneal.runtime.Metric;
import dev.anneal.runtime.Mlp;
import dev.anneal.runtime.Network;
import dev.anneal.runtime.Optimizer;
import dev.anneal.runtime.RunFolder;
import dev.anneal.runtime.Split;
import dev.anneal.runtime.Trainer;
import dev.anneal.runtime.TrainingListener;
import dev.anneal.runtime.backend.Precision;
import dev.anneal.runtime.nd4j.CpuBackend;
import java.util.Map;
import java.util.Objects;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * Trains an {@link Mlp} data-parallel on Apache Spark: each of {@code workers} Spark tasks holds a
 * shard of the training rows and trains on it; every {@code averageEvery} steps the driver averages
 * the workers' parameters and optimizer state (weighted by the rows each trained on) and sends the
 * average back. Every worker reads the schedules at the global step, so it uses exactly the learning
 * rate one machine would; validation, plateau decisions, history, checkpoints and the run folder are
 * the driver's, in the same formats as a single-machine {@link Trainer}, so a run resumes on either.
 *
 * <pre>{@code
 * JavaSparkContext spark = new JavaSparkContext("local[2]", "anneal");
 * SparkTrainer trainer = SparkTrainer.builder(spark, Mlp.input(20).dense(64, Activation.RELU).dense(2))
 *         .workers(2).batchSize(16).averageEvery(1)
 *         .optimizer(Optimizer.sgd(0.1).momentum(0.9))
 *         .schedule(warmup(50).then(cosine(450)))
 *         .epochs(20).seed(1)
 *         .build();
 * History history = trainer.fit(data.split(800));
 * }</pre>
 *
 * <p>The batch size is per worker: a global step trains on {@code workers x batchSize} rows, and an
 * epoch has {@code ceil(rows / (workers x batchSize))} steps, as one machine with that batch size
 * has. Without shuffling, worker {@code w} of {@code n} holds the rows {@code w, w + n, ...} (with
 * shuffling, those of a permutation drawn from the seed); without shuffling and with
 * {@code averageEvery(1)} and SGD (momentum averages linearly), the run computes what one machine
 * with batch {@code n x batchSize} computes, up to float rounding. Each round is one Spark job whose
 * tasks are pure functions of what the driver shipped, so Spark's retry of a lost task gives the same
 * answer. Param groups travel by the names of the parameters their selectors take on the driver.
 * Data too large for the driver goes in as a Spark data frame
 * ({@link #fit(org.apache.spark.sql.Dataset, org.apache.spark.sql.Dataset)}): its rows stay on the
 * executors.
 * To put Spark under a {@link Trainer}
 * built elsewhere, give it a {@link SparkEpochs}.
 */
public final class SparkTrainer {
    private final Trainer trainer;
    private final SparkEpochs epochs;
    private final int workers;
    private final int globalBatch;
    private final FrameSettings settings;
    private boolean started;

    private SparkTrainer(Trainer trainer, SparkEpochs epochs, int workers, int globalBatch, FrameSettings settings) {
        this.trainer = trainer;
        this.epochs = epochs;
        this.workers = workers;
        this.globalBatch = globalBatch;
        this.settings = settings;
    }

    /** A builder for training {@code mlp} on {@code spark}. */
    public static Builder builder(JavaSparkContext spark, Mlp mlp) {
        return new Builder(spark, mlp);
    }

    /** Trains on {@code split.train()}, evaluating on {@code split.validation()} on the driver. */
    public History fit(Split split) {
        return fit(split.train(), split.validation());
    }

    /** Trains on {@code train} (sharded over the workers), evaluating on {@code validation} (may be null) on the driver. */
    public History fit(Dataset train, Dataset validation) {
        if (started) {
            throw new IllegalStateException("this trainer has already run; build a new one");
        }
        SparkEpochs.requireFits(train.rows(), globalBatch, workers);
        started = true;
        try (SparkEpochs closing = epochs) {
            return trainer.fit(train, validation);
        }
    }

    /**
     * Trains on the rows of {@code train}, a data frame with a features vector column and a label
     * column ({@link Builder#featuresCol}, {@link Builder#labelCol}), evaluating on {@code validation}
     * (may be null); no row passes through the driver. The executors deal the rows to the workers'
     * shards and cache them; the driver learns the row counts, the class names (numeric labels print
     * as integers when integral; string labels are class names), the standardisation statistics
     * (fitted on the training rows) and the data's identity (an order-free sum of row hashes, see
     * {@link dev.anneal.runtime.DataFacts}) by aggregations; validation runs on the executors. Run
     * folders, checkpoints and resume work as with rows in memory.
     * <pre>{@code
     * Dataset<Row> frame = new VectorAssembler().setInputCols(cols).setOutputCol("features").transform(raw);
     * Dataset<Row>[] parts = frame.randomSplit(new double[] {0.8, 0.2}, 7);
     * History h = SparkTrainer.builder(spark, mlp).workers(4).batchSize(32).build().fit(parts[0], parts[1]);
     * }</pre>
     *
     * @throws IllegalArgumentException naming the column or value when the data does not fit: a missing
     *                                  column, a features column that is not a vector, a label that is
     *                                  neither a number nor a class name, too few rows for the workers
     */
    public History fit(org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> train,
                       org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> validation) {
        boolean classification = settings.mlp.loss() == dev.anneal.runtime.Loss.SOFTMAX_CROSS_ENTROPY;
        return fit(train, validation, FrameShape.of(train, validation, settings.featuresCol, settings.labelCol,
                classification, settings.mlp.outputs()));
    }

    /**
     * {@link #fit(org.apache.spark.sql.Dataset, org.apache.spark.sql.Dataset)} with the data's shape
     * already known (from {@link FrameShape#of}, which the estimators need to shape the network).
     */
    public History fit(org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> train,
                       org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> validation, FrameShape shape) {
        if (started) {
            throw new IllegalStateException("this trainer has already run; build a new one");
        }
        FrameData.requireInputs(shape, settings.mlp, settings.featuresCol);
        FrameData data = FrameData.of(settings.spark, epochs, settings.mlp, train, validation, settings.featuresCol,
                settings.labelCol, shape, workers, settings.shuffle,
                dev.anneal.runtime.training.TrainerConfig.shuffleSeed(settings.seed), settings.standardize);
        try {
            SparkEpochs.requireFits(data.facts().trainRows(), globalBatch, workers);
        } catch (RuntimeException e) {
            data.close();
            throw e;
        }
        started = true;
        try (SparkEpochs closing = epochs; data) {
            return trainer.fit(data);
        }
    }

    /** The network on the driver, holding the averaged parameters. */
    public Network network() {
        requireFit();
        return trainer.network();
    }

    /** The history so far. */
    public History history() {
        requireFit();
        return trainer.history();
    }

    /** How long the rounds took and how much of it was overhead (shipping, scheduling, averaging). */
    public RoundOverhead overhead() {
        requireFit();
        return epochs.overhead();
    }

    private void requireFit() {
        if (!started) {
            throw new IllegalStateException("fit has not started");
        }
    }

    /** What the data-frame path needs of the builder's settings. */
    private record FrameSettings(JavaSparkContext spark, Mlp mlp, String featuresCol, String labelCol, long seed,
                                 boolean shuffle, boolean standardize) {
    }

    /**
     * Collects a Spark trainer's settings; {@link #build()} checks them. What a single machine also
     * has (optimizer, schedules, epochs, seed, ...) goes to a {@link Trainer.Builder}, with its
     * defaults and checks.
     */
    public static final class Builder {
        private final JavaSparkContext spark;
        private final Mlp mlp;
        private final Trainer.Builder trainer;
        private String featuresCol = "features";
        private String labelCol = "label";
        private long seed;
        private boolean shuffle = true;
        private boolean standardize;
        private int workers = 2;
        private int averageEvery;
        private int batchSize = 32;
        private Precision precision = Precision.FLOAT32;
        private WorkerListener workerListener;

        private Builder(JavaSparkContext spark, Mlp mlp) {
            this.spark = Objects.requireNonNull(spark, "spark");
            this.mlp = Objects.requireNonNull(mlp, "mlp");
            this.trainer = Trainer.builder(mlp);
        }

        /** The features vector column of a data frame given to {@code fit} (default {@code features}). */
        public Builder featuresCol(String name) {
            this.featuresCol = Objects.requireNonNull(name, "featuresCol");
            return this;
        }

        /** The label column of a data frame given to {@code fit}: classes (numbers or names) or a regression target (default {@code label}). */
        public Builder labelCol(String name) {
            this.labelCol = Objects.requireNonNull(name, "labelCol");
            return this;
        }

        /** Spark tasks training at once, one shard of the rows each (default 2). */
        public Builder workers(int workers) {
            this.workers = workers;
            return this;
        }

        /** Steps each worker runs between two averagings (default: a whole epoch, one pass over each shard). */
        public Builder averageEvery(int steps) {
            this.averageEvery = steps;
            return this;
        }

        /** Rows per step on each worker (default 32). */
        public Builder batchSize(int batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        /** The optimizer (default: SGD with lr 0.01), param groups included; their schedules must read back from their text. */
        public Builder optimizer(Optimizer optimizer) {
            trainer.optimizer(optimizer);
            optimizer.groups().forEach(g -> Recipe.text(g.schedules()));
            return this;
        }

        /** The learning-rate schedule. */
        public Builder schedule(Schedule lr) {
            return schedule(Hyperparameter.LR, lr);
        }

        /** A schedule for {@code what}; it must read back from its text, which is how it travels to the workers. */
        public Builder schedule(Hyperparameter what, Schedule schedule) {
            trainer.schedule(what, schedule);
            Recipe.text(Map.of(what, schedule));
            return this;
        }

        /** Passes over the training data (default 10). */
        public Builder epochs(int epochs) {
            trainer.epochs(epochs);
            return this;
        }

        /** The seed of the initial parameters and of the shuffling (default 0). */
        public Builder seed(long seed) {
            this.seed = seed;
            trainer.seed(seed);
            return this;
        }

        /** Whether each worker shuffles its shard each epoch (default true). */
        public Builder shuffle(boolean shuffle) {
            this.shuffle = shuffle;
            trainer.shuffle(shuffle);
            return this;
        }

        /** Whether to standardise features with statistics of the training data (default false). */
        public Builder standardize(boolean standardize) {
            this.standardize = standardize;
            trainer.standardize(standardize);
            return this;
        }

        /** The precision of the tensors on the driver and the workers (default float32). */
        public Builder precision(Precision precision) {
            this.precision = Objects.requireNonNull(precision, "precision");
            return this;
        }

        /** Adds a listener told about every epoch, on the driver. */
        public Builder listener(TrainingListener listener) {
            trainer.listener(listener);
            return this;
        }

        /** Sets a listener told about every step on the workers (serialized and sent to them). */
        public Builder workerListener(WorkerListener listener) {
            this.workerListener = listener;
            return this;
        }

        /** The metric fed to plateau schedules (default: validation loss). */
        public Builder monitor(Metric metric) {
            trainer.monitor(metric);
            return this;
        }

        /** Whether to record every step's loss and learning rates in the history (default false). */
        public Builder recordSteps(boolean recordSteps) {
            trainer.recordSteps(recordSteps);
            return this;
        }

        /** Saves the run into {@code folder} as a single-machine run does, and continues the run it holds. */
        public Builder runFolder(RunFolder folder) {
            trainer.runFolder(folder);
            return this;
        }

        /** Stops after epoch {@code epoch}, as {@link Trainer.Builder#stopAfter} does (0: never). */
        public Builder stopAfter(int epoch) {
            trainer.stopAfter(epoch);
            return this;
        }

        /** The trainer, its network initialised from the seed on the driver. */
        public SparkTrainer build() {
            if (batchSize < 1) {
                throw new IllegalArgumentException("batchSize must be >= 1, got " + batchSize);
            }
            SparkEpochs epochs = new SparkEpochs(spark, workers).averageEvery(averageEvery)   // checks both
                    .workerListener(workerListener).precision(precision);
            Trainer t = trainer.batchSize(workers * batchSize).backend(CpuBackend.create(precision)).epochSteps(epochs)
                    .build();
            return new SparkTrainer(t, epochs, workers, workers * batchSize,
                    new FrameSettings(spark, mlp, featuresCol, labelCol, seed, shuffle, standardize));
        }
    }
}
