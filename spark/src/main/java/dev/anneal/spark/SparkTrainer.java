package dev.anneal.spark;

import dev.anneal.Clock;
import dev.anneal.Schedule;
import dev.anneal.runtime.Dataset;
import dev.anneal.runtime.History;
import dev.anneal.runtime.Hyperparameter;
import dev.anneal.runtime.Metric;
import dev.anneal.runtime.Mlp;
import dev.anneal.runtime.Network;
import dev.anneal.runtime.Optimizer;
import dev.anneal.runtime.Precision;
import dev.anneal.runtime.RunFolder;
import dev.anneal.runtime.Split;
import dev.anneal.runtime.Trainer;
import dev.anneal.runtime.TrainingListener;
import dev.anneal.runtime.nd4j.CpuBackend;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
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
 * To put Spark under a {@link Trainer}
 * built elsewhere, give it a {@link SparkEpochs}.
 */
public final class SparkTrainer {
    private final Builder b;
    private Trainer trainer;
    private SparkEpochs epochs;

    private SparkTrainer(Builder b) {
        this.b = b;
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
        if (trainer != null) {
            throw new IllegalStateException("this trainer has already run; build a new one");
        }
        SparkEpochs.requireFits(train.rows(), b.workers * b.batchSize, b.workers);
        epochs = new SparkEpochs(b.spark, b.workers).averageEvery(b.averageEvery).workerListener(b.workerListener)
                .precision(b.precision);
        Trainer.Builder t = Trainer.builder(b.mlp).optimizer(b.optimizer).batchSize(b.workers * b.batchSize)
                .epochs(b.epochs).seed(b.seed).shuffle(b.shuffle).standardize(b.standardize)
                .backend(CpuBackend.create(b.precision)).monitor(b.monitor).recordSteps(b.recordSteps)
                .runFolder(b.runFolder).stopAfter(b.stopAfter).epochSteps(epochs);
        b.schedules.forEach(t::schedule);
        b.listeners.forEach(t::listener);
        trainer = t.build();
        try (SparkEpochs closing = epochs) {
            return trainer.fit(train, validation);
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
        if (trainer == null) {
            throw new IllegalStateException("fit has not started");
        }
    }

    /** Collects a Spark trainer's settings; {@link #build()} checks them. */
    public static final class Builder {
        private final JavaSparkContext spark;
        private final Mlp mlp;
        private Optimizer optimizer = Optimizer.sgd(0.01);
        private final Map<Hyperparameter, Schedule> schedules = new EnumMap<>(Hyperparameter.class);
        private int workers = 2;
        private int averageEvery;
        private int batchSize = 32;
        private int epochs = 10;
        private long seed;
        private boolean shuffle = true;
        private boolean standardize;
        private Precision precision = Precision.FLOAT32;
        private final List<TrainingListener> listeners = new ArrayList<>();
        private Metric monitor;
        private boolean recordSteps;
        private RunFolder runFolder;
        private int stopAfter;
        private WorkerListener workerListener;

        private Builder(JavaSparkContext spark, Mlp mlp) {
            this.spark = Objects.requireNonNull(spark, "spark");
            this.mlp = Objects.requireNonNull(mlp, "mlp");
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

        /** The optimizer (default: SGD with lr 0.01), param groups included. */
        public Builder optimizer(Optimizer optimizer) {
            this.optimizer = Objects.requireNonNull(optimizer, "optimizer");
            return this;
        }

        /** The learning-rate schedule. */
        public Builder schedule(Schedule lr) {
            return schedule(Hyperparameter.LR, lr);
        }

        /** A schedule for {@code what}. */
        public Builder schedule(Hyperparameter what, Schedule schedule) {
            schedules.put(what, Objects.requireNonNull(schedule, "schedule"));
            return this;
        }

        /** Passes over the training data (default 10). */
        public Builder epochs(int epochs) {
            this.epochs = epochs;
            return this;
        }

        /** The seed of the initial parameters and of the shuffling (default 0). */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Whether each worker shuffles its shard each epoch (default true). */
        public Builder shuffle(boolean shuffle) {
            this.shuffle = shuffle;
            return this;
        }

        /** Whether to standardise features with statistics of the training data (default false). */
        public Builder standardize(boolean standardize) {
            this.standardize = standardize;
            return this;
        }

        /** The precision of the tensors on the driver and the workers (default float32). */
        public Builder precision(Precision precision) {
            this.precision = Objects.requireNonNull(precision, "precision");
            return this;
        }

        /** Adds a listener told about every epoch, on the driver. */
        public Builder listener(TrainingListener listener) {
            listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /** Sets a listener told about every step on the workers (serialized and sent to them). */
        public Builder workerListener(WorkerListener listener) {
            this.workerListener = listener;
            return this;
        }

        /** The metric fed to plateau schedules (default: validation loss). */
        public Builder monitor(Metric metric) {
            this.monitor = metric;
            return this;
        }

        /** Whether to record every step's loss and learning rates in the history (default false). */
        public Builder recordSteps(boolean recordSteps) {
            this.recordSteps = recordSteps;
            return this;
        }

        /** Saves the run into {@code folder} as a single-machine run does, and continues the run it holds. */
        public Builder runFolder(RunFolder folder) {
            this.runFolder = folder;
            return this;
        }

        /** Stops after epoch {@code epoch}, as {@link Trainer.Builder#stopAfter} does (0: never). */
        public Builder stopAfter(int epoch) {
            this.stopAfter = epoch;
            return this;
        }

        /** The trainer. */
        public SparkTrainer build() {
            if (workers < 1) {
                throw new IllegalArgumentException("workers must be >= 1, got " + workers);
            }
            if (averageEvery < 0) {
                throw new IllegalArgumentException("averageEvery must be >= 1 (or 0: once per epoch), got " + averageEvery);
            }
            if (batchSize < 1) {
                throw new IllegalArgumentException("batchSize must be >= 1, got " + batchSize);
            }
            if (epochs < 1) {
                throw new IllegalArgumentException("epochs must be >= 1, got " + epochs);
            }
            Recipe.of(mlp, optimizer, schedules, Clock.of(1, epochs), batchSize, shuffle, seed, precision);
            return new SparkTrainer(this);
        }
    }
}
