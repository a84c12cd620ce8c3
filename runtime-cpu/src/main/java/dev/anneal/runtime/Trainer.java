package dev.anneal.runtime;

import dev.anneal.Schedule;
import dev.anneal.runtime.backend.Backend;
import dev.anneal.runtime.folder.RunDirectory;
import dev.anneal.runtime.folder.RunIdentity;
import dev.anneal.runtime.nd4j.CpuBackend;
import dev.anneal.runtime.tensorboard.EventsListener;
import dev.anneal.runtime.training.EpochSteps;
import dev.anneal.runtime.training.TrainerConfig;
import dev.anneal.runtime.training.TrainingRun;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Trains a network: for each batch, forward, backward, read the schedules at the current step,
 * update; at each epoch's end, evaluate on the validation data, feed the monitored metric to plateau
 * schedules, record history, write the checkpoint (when asked) and tell the listeners.
 *
 * <pre>{@code
 * Trainer trainer = Trainer.builder(Mlp.input(20).dense(64, Activation.RELU).dense(2))
 *         .optimizer(Optimizer.sgd(0.1).momentum(0.9))
 *         .schedule(warmup(50).startFactor(0.1).then(cosine(450)))
 *         .batchSize(32).epochs(20).seed(1)
 *         .build();
 * History history = trainer.fit(data.split(800));
 * }</pre>
 *
 * <p>Schedules are compiled with the run's clock (steps per epoch from the training rows and batch
 * size, total steps from the epochs) and evaluated at every step; step {@code s} (from 0) uses the
 * values at {@code s}, as PyTorch's {@code optimizer.step(); scheduler.step()} loop does. A NaN or
 * infinite batch loss stops the run with a {@link TrainingDivergedException} naming the epoch, the
 * step, its learning rate and the last good checkpoint: on the CPU at the step where it happens, on
 * a GPU (whose losses are read once per epoch) at the end of its epoch; no checkpoint is written for
 * that epoch.
 *
 * <p>With a {@link RunFolder}, the run saves as it goes and the same {@code fit} on the same folder
 * continues it after a crash.
 */
public final class Trainer {
    private final TrainerConfig config;
    private final Network network;
    private final List<EpochRecord> epochRecords = new ArrayList<>();
    private final List<StepRecord> stepRecords = new ArrayList<>();
    private Path resumeFrom;
    private boolean fitted;
    private String stopReason;
    private TrainingRun run;

    private Trainer(TrainerConfig config) {
        this.config = config;
        this.network = config.mlp().build(config.backend(), config.seed());
    }

    /** A builder for training {@code mlp}. */
    public static Builder builder(Mlp mlp) {
        return new Builder(mlp);
    }

    /** Trains on {@code split.train()}, evaluating on {@code split.validation()}. */
    public History fit(Split split) {
        return fit(split.train(), split.validation());
    }

    /**
     * Trains on {@code train} for the configured epochs (or the remaining ones after
     * {@link #resume(Path)}), evaluating on {@code validation} (may be null) after each epoch.
     */
    public History fit(Dataset train, Dataset validation) {
        if (fitted) {
            throw new IllegalStateException("this trainer has already run; build a new one (and resume from a checkpoint)");
        }
        fitted = true;
        RunIdentity identity = RunIdentity.of(config, TrainingRun.monitor(config, validation), train, validation);
        return run(identity, train.rows(), from -> new TrainingRun(this, epochRecords, stepRecords, config, network,
                train, validation, from, identity));
    }

    /**
     * Trains on data that lives elsewhere (e.g. on a cluster's executors), which trains the epochs and
     * validates there; the trainer holds no row, only {@code data.facts()}, and saves, resumes and
     * records history as for rows in memory. The {@link Builder#epochSteps} is not used.
     * <pre>{@code
     * History h = Trainer.builder(mlp).epochs(10).standardize(true).build().fit(data);
     * }</pre>
     */
    public History fit(dev.anneal.runtime.training.DataElsewhere data) {
        if (fitted) {
            throw new IllegalStateException("this trainer has already run; build a new one (and resume from a checkpoint)");
        }
        fitted = true;
        DataFacts facts = data.facts();
        RunIdentity identity = RunIdentity.of(config, TrainingRun.monitor(config, facts.validationRows() > 0), facts);
        return run(identity, facts.trainRows(), from -> new TrainingRun(this, epochRecords, stepRecords, config,
                network, data, from, identity));
    }

    private History run(RunIdentity identity, int trainRows, java.util.function.Function<Path, TrainingRun> make) {
        if (config.runFolder() == null) {
            run = make.apply(resumeFrom);
            announceResume(List.of());
            run.execute();
            return history();
        }
        RunDirectory folder = RunDirectory.inspect(config.runFolder(), resumeFrom);
        if (folder.continues()) {
            List<String> differences = folder.savedIdentity().differences(identity, config.schedules().values(),
                    (trainRows + config.batchSize() - 1) / config.batchSize(), folder.savedEpoch());
            if (!differences.isEmpty()) {
                throw new RunFolderConflictException(config.runFolder().dir(), "a run of another configuration",
                        differences);
            }
        }
        run = make.apply(folder.resumeFrom() != null ? folder.resumeFrom() : resumeFrom);
        try (folder) {
            folder.begin(identity, config.backend().name(), epochRecords, stepRecords);
            run.folder(folder);
            announceResume(folder.skipped());
            try {
                run.execute();
            } catch (TrainingDivergedException e) {
                folder.fail(RunDirectory.Status.DIVERGED, e.getMessage());
                throw e;
            } catch (RuntimeException | Error e) {
                folder.fail(RunDirectory.Status.FAILED, String.valueOf(e.getMessage()));
                throw e;
            }
            folder.complete(run, history(), run.stoppedAsAsked() ? RunDirectory.Status.STOPPED
                    : RunDirectory.Status.FINISHED, stopReason);
        }
        return history();
    }

    private void announceResume(List<String> skipped) {
        if (run.epochsDone() == 0 && run.lastCheckpoint() == null && skipped.isEmpty()) {
            return;
        }
        ResumePoint point = new ResumePoint(run.lastCheckpoint(), run.epochsDone(), run.step(), epochRecords,
                run.accepted(), skipped);
        for (TrainingListener l : config.listeners()) {
            l.onResume(point, this);
        }
    }

    /** Makes the next {@link #fit} continue from a checkpoint written by a trainer with the same configuration. */
    public void resume(Path checkpoint) {
        if (fitted) {
            throw new IllegalStateException("resume must be called before fit");
        }
        this.resumeFrom = Objects.requireNonNull(checkpoint, "checkpoint");
    }

    /** Writes the run's state (after or during {@link #fit}) to {@code file}, atomically. */
    public void save(Path file) {
        if (run == null) {
            throw new IllegalStateException("nothing to save: fit has not started");
        }
        run.save(file);
    }

    /** Asks the run to stop after the current epoch (for listeners). */
    public void stop(String reason) {
        this.stopReason = reason;
    }

    /** Why the run stopped early, or null. */
    public String stopReason() {
        return stopReason;
    }

    /**
     * Each param group's learning rate for the next step, by group name. Read at an epoch's end (in a
     * {@link TrainingListener}), it is the learning rate <em>after the epoch</em>: the schedules'
     * value once the epoch's metric has been seen, what PyTorch's {@code scheduler.get_last_lr()}
     * returns after the epoch, and what {@code anneal train}'s {@code LR after} column shows.
     * {@link EpochRecord#lr()} is the value the epoch's last step used.
     * <pre>{@code
     * .listener((epoch, t) -> System.out.println(epoch.epoch() + " " + t.nextLr().get("default")))
     * }</pre>
     */
    public Map<String, Double> nextLr() {
        if (run == null) {
            throw new IllegalStateException("no learning rate yet: fit has not started");
        }
        return run.nextLrs();
    }

    /** The network being trained. */
    public Network network() {
        return network;
    }

    /** The configured number of epochs. */
    public int epochs() {
        return config.epochs();
    }

    /** The history so far. */
    public History history() {
        return new History(epochRecords, stepRecords);
    }

    /** Collects a trainer's settings; {@link #build()} checks them. */
    public static final class Builder {
        private final Mlp mlp;
        private Optimizer optimizer = Optimizer.sgd(0.01);
        private final Map<Hyperparameter, Schedule> schedules = new EnumMap<>(Hyperparameter.class);
        private int batchSize = 32;
        private int epochs = 10;
        private long seed;
        private boolean shuffle = true;
        private boolean standardize;
        private Backend backend;
        private final List<TrainingListener> listeners = new ArrayList<>();
        private Path checkpoint;
        private Metric monitor;
        private boolean recordSteps;
        private RunFolder runFolder;
        private int stopAfter;
        private EpochSteps epochSteps;

        private Builder(Mlp mlp) {
            this.mlp = Objects.requireNonNull(mlp, "mlp");
        }

        /** The optimizer (default: SGD with lr 0.01). */
        public Builder optimizer(Optimizer optimizer) {
            this.optimizer = Objects.requireNonNull(optimizer, "optimizer");
            return this;
        }

        /** The learning-rate schedule of every param group without its own. */
        public Builder schedule(Schedule lr) {
            return schedule(Hyperparameter.LR, lr);
        }

        /** A schedule for {@code what} of every param group without its own. */
        public Builder schedule(Hyperparameter what, Schedule schedule) {
            schedules.put(what, Objects.requireNonNull(schedule, "schedule"));
            return this;
        }

        /** Rows per batch (default 32); the last batch of an epoch may be smaller. */
        public Builder batchSize(int batchSize) {
            this.batchSize = batchSize;
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

        /** Whether to shuffle the training rows each epoch (default true). */
        public Builder shuffle(boolean shuffle) {
            this.shuffle = shuffle;
            return this;
        }

        /** Whether to standardise features with statistics of the training data (default false). */
        public Builder standardize(boolean standardize) {
            this.standardize = standardize;
            return this;
        }

        /** The backend (default: {@code CpuBackend.create()}). */
        public Builder backend(Backend backend) {
            this.backend = Objects.requireNonNull(backend, "backend");
            return this;
        }

        /** Adds a listener told about every epoch. */
        public Builder listener(TrainingListener listener) {
            listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /** Writes a checkpoint to {@code file} at the end of every epoch. */
        public Builder checkpoint(Path file) {
            this.checkpoint = file;
            return this;
        }

        /**
         * Saves the run into {@code folder} as it goes (checkpoints, {@code run.json}, history) and
         * continues the run it holds; see {@link RunFolder}.
         */
        public Builder runFolder(RunFolder folder) {
            this.runFolder = folder;
            return this;
        }

        /**
         * Stops after epoch {@code epoch} (counted from the run's start, also when it resumed), as if
         * interrupted: the schedules still span {@link #epochs}, a run folder gets a checkpoint of that
         * epoch and the status {@code stopped}, and the same configuration continues it later.
         * 0 (the default): run every epoch.
         */
        public Builder stopAfter(int epoch) {
            this.stopAfter = epoch;
            return this;
        }

        /** The metric fed to plateau schedules (default: validation loss, or training loss without validation data). */
        public Builder monitor(Metric metric) {
            this.monitor = metric;
            return this;
        }

        /** Whether to record every step's loss and learning rates in the history (default false). */
        public Builder recordSteps(boolean recordSteps) {
            this.recordSteps = recordSteps;
            return this;
        }

        /**
         * Trains each epoch's steps with {@code steps} (e.g. data-parallel on a cluster) instead of
         * the trainer's own loop; everything else stays the trainer's. Default: null, the own loop.
         */
        public Builder epochSteps(EpochSteps steps) {
            this.epochSteps = steps;
            return this;
        }

        /** The listeners, and with a run folder the one that writes its TensorBoard event file. */
        private List<TrainingListener> withEvents() {
            List<TrainingListener> all = new ArrayList<>(listeners);
            if (runFolder != null) {
                all.add(EventsListener.into(runFolder.dir(), schedules));
            }
            return List.copyOf(all);
        }

        /** The trainer, with its network initialised from the seed. */
        public Trainer build() {
            if (batchSize < 1) {
                throw new IllegalArgumentException("batchSize must be >= 1, got " + batchSize);
            }
            if (epochs < 1) {
                throw new IllegalArgumentException("epochs must be >= 1, got " + epochs);
            }
            if (stopAfter < 0) {
                throw new IllegalArgumentException("stopAfter must be >= 1 (or 0: never), got " + stopAfter);
            }
            Backend b = backend != null ? backend : CpuBackend.create();
            return new Trainer(new TrainerConfig(mlp, optimizer, new EnumMap<>(schedules), batchSize, epochs, seed,
                    shuffle, standardize, b, withEvents(), checkpoint, monitor, recordSteps, runFolder,
                    stopAfter, epochSteps));
        }
    }
}
