package dev.anneal.samples.train;

import dev.anneal.runtime.Backend;
import dev.anneal.runtime.EpochRecord;
import dev.anneal.runtime.Split;
import dev.anneal.runtime.Trainer;
import dev.anneal.runtime.TrainingListener;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Runs an {@link Experiment} on a split the way the samples do: a progress bar during each epoch
 * (on a terminal), a row of the {@link EpochTable} as each epoch ends, checkpoints when asked, and a
 * {@link RunResult} with the learning rate of every step.
 *
 * <pre>{@code
 * RunResult result = TrainingSession.of(Experiment.defaults(), SyntheticData.standard().split(800))
 *         .table(System.out)
 *         .run();
 * }</pre>
 * The learning rates come from a {@link ScheduleTrace} that follows the trainer (same schedule, same
 * clock, same monitored metric: the validation loss).
 */
public final class TrainingSession {
    private final Experiment experiment;
    private final Split data;
    private Backend backend;
    private PrintWriter table;
    private EpochProgress progress = EpochProgress.off();
    private Path checkpointDir;
    private int checkpointEvery;
    private int stopAfter;
    private Path resume;
    private Path finalCheckpoint;

    private TrainingSession(Experiment experiment, Split data) {
        this.experiment = Objects.requireNonNull(experiment, "experiment");
        this.data = Objects.requireNonNull(data, "data");
    }

    /** A session training {@code experiment} on {@code data.train()}, validating on {@code data.validation()}. */
    public static TrainingSession of(Experiment experiment, Split data) {
        return new TrainingSession(experiment, data);
    }

    /** The backend to train on (default: the CPU). */
    public TrainingSession backend(Backend backend) {
        this.backend = backend;
        return this;
    }

    /** Prints the epoch table to {@code out}, and a progress bar on stderr when it is a terminal. */
    public TrainingSession table(PrintStream out) {
        return table(new PrintWriter(out, true));
    }

    /** Prints the epoch table to {@code out} (flushed after each row), and a progress bar on stderr when it is a terminal. */
    public TrainingSession table(PrintWriter out) {
        this.table = out;
        this.progress = EpochProgress.forTerminal(experiment.epochs());
        return this;
    }

    /** Writes {@code epoch-NNNN.ckpt} into {@code dir} every {@code n} epochs. */
    public TrainingSession checkpointEvery(int n, Path dir) {
        if (n < 1) {
            throw new IllegalArgumentException("checkpoint interval must be >= 1 epoch, got " + n);
        }
        this.checkpointEvery = n;
        this.checkpointDir = dir;
        return this;
    }

    /** Stops after epoch {@code epoch}, as if interrupted: the schedule still spans all the epochs. */
    public TrainingSession stopAfter(int epoch) {
        if (epoch < 1) {
            throw new IllegalArgumentException("stop-after epoch must be >= 1, got " + epoch);
        }
        this.stopAfter = epoch;
        return this;
    }

    /** Continues the run saved in {@code checkpoint} (written with the same experiment and data). */
    public TrainingSession resume(Path checkpoint) {
        this.resume = checkpoint;
        return this;
    }

    /** Writes the run's state to {@code file} when training ends. */
    public TrainingSession finalCheckpoint(Path file) {
        this.finalCheckpoint = file;
        return this;
    }

    /** Trains. */
    public RunResult run() {
        int trainRows = data.train().rows();
        ScheduleTrace trace = new ScheduleTrace(experiment.schedule(), experiment.clock(trainRows),
                experiment.baseLr());
        List<EpochRow> rows = new ArrayList<>();
        Listener listener = new Listener(trace, rows);
        Trainer.Builder builder = experiment.trainer().listener(listener);
        if (backend != null) {
            builder.backend(backend);
        }
        Trainer trainer = builder.build();
        if (resume != null) {
            trainer.resume(resume);
        }
        if (table != null) {
            table.println(EpochTable.header());
            table.flush();
        }
        try {
            trainer.fit(data);
        } finally {
            progress.close();
        }
        List<EpochRecord> all = trainer.history().epochs();
        if (rows.size() < all.size()) {
            listener.restored(all);
        }
        if (finalCheckpoint != null) {
            trainer.save(finalCheckpoint);
        }
        return new RunResult(experiment, experiment.stepsPerEpoch(trainRows), rows, trace.steps(),
                trainer.stopReason());
    }

    /** Feeds the trace, prints rows, writes checkpoints and stops the run when asked. */
    private final class Listener implements TrainingListener {
        private final ScheduleTrace trace;
        private final List<EpochRow> rows;
        private final OverfitWatch overfitting = new OverfitWatch();

        Listener(ScheduleTrace trace, List<EpochRow> rows) {
            this.trace = trace;
            this.rows = rows;
        }

        @Override
        public void onStep(int epoch, int batch, int batches, Trainer trainer) {
            progress.step(epoch, batch, batches);
        }

        @Override
        public void onEpochEnd(EpochRecord epoch, Trainer trainer) {
            progress.close();
            if (rows.isEmpty() && epoch.epoch() > 1) {
                restored(trainer.history().epochs().subList(0, epoch.epoch() - 1));
            }
            add(epoch);
            if (checkpointEvery > 0 && epoch.epoch() % checkpointEvery == 0) {
                trainer.save(checkpointDir.resolve(String.format(Locale.ROOT, "epoch-%04d.ckpt", epoch.epoch())));
            }
            if (epoch.epoch() == stopAfter && epoch.epoch() < experiment.epochs()) {
                trainer.stop("stopped after epoch " + stopAfter + " as asked");
            }
        }

        /** The epochs a resumed run starts with, from its checkpoint. */
        void restored(List<EpochRecord> epochs) {
            for (EpochRecord e : epochs) {
                add(e);
            }
            if (table != null) {
                table.println("      (epochs 1-" + epochs.size() + " restored from the checkpoint)");
            }
        }

        private void add(EpochRecord epoch) {
            ScheduleTrace.Epoch traced = trace.epochEnd(epoch.epoch(), epoch.valLoss());
            String overfit = overfitting.note(epoch.epoch(), epoch.trainLoss(), epoch.valLoss());
            EpochRow row = new EpochRow(epoch, traced.lr(), OverfitWatch.join(traced.note(), overfit));
            rows.add(row);
            if (table != null) {
                table.println(EpochTable.row(row));
                table.flush();
            }
        }
    }
}
