package dev.anneal.samples.train;

import dev.anneal.runtime.EarlyStopping;
import dev.anneal.runtime.EpochRecord;
import dev.anneal.runtime.Metric;
import dev.anneal.runtime.ResumePoint;
import dev.anneal.runtime.RunFolder;
import dev.anneal.runtime.Split;
import dev.anneal.runtime.Trainer;
import dev.anneal.runtime.TrainingListener;
import dev.anneal.runtime.backend.Backend;
import dev.anneal.runtime.training.DataElsewhere;
import dev.anneal.runtime.training.EpochSteps;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Runs an {@link Experiment} on a split the way the samples do: a progress bar during each epoch
 * (on a terminal), a row of the {@link EpochTable} as each epoch ends, a {@link RunFolder} when asked
 * (checkpoints as it goes, the {@link RunFiles} at the end, and the same session on the same folder
 * continues an unfinished run), and a {@link RunResult} with the learning rate of every step.
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
    private final DataElsewhere elsewhere;
    private Backend backend;
    private PrintWriter table;
    private EpochProgress progress = EpochProgress.off();
    private RunFolder folder;
    private boolean logLr;
    private boolean charts = true;
    private boolean recordSteps;
    private int stopAfter;
    private int earlyStop;
    private Path resume;
    private EpochSteps epochSteps;

    private TrainingSession(Experiment experiment, Split data, DataElsewhere elsewhere) {
        this.experiment = Objects.requireNonNull(experiment, "experiment");
        this.data = data;
        this.elsewhere = elsewhere;
    }

    /** A session training {@code experiment} on {@code data.train()}, validating on {@code data.validation()}. */
    public static TrainingSession of(Experiment experiment, Split data) {
        return new TrainingSession(experiment, Objects.requireNonNull(data, "data"), null);
    }

    /**
     * A session training {@code experiment} on rows that live elsewhere (a Spark cluster's executors),
     * which train the epochs and validate there ({@link Trainer#fit(DataElsewhere)}).
     */
    public static TrainingSession of(Experiment experiment, DataElsewhere data) {
        return new TrainingSession(experiment, null, Objects.requireNonNull(data, "data"));
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

    /**
     * Trains into {@code folder} (continuing the run it holds), which gets the {@link RunFiles} when
     * the run ends; {@code logLr} draws the learning rate there on a log scale.
     */
    public TrainingSession runFolder(RunFolder folder, boolean logLr) {
        this.folder = folder;
        this.logLr = logLr;
        return this;
    }

    /** Whether the run folder also gets the charts of {@link RunFiles} (default true), or the history only. */
    public TrainingSession charts(boolean charts) {
        this.charts = charts;
        return this;
    }

    /** Records every step's loss and learning rates (and writes {@link StepsCsv} into the run folder). */
    public TrainingSession recordSteps(boolean recordSteps) {
        this.recordSteps = recordSteps;
        return this;
    }

    /** Stops when the validation loss has not improved for {@code patience} epochs. */
    public TrainingSession earlyStop(int patience) {
        this.earlyStop = patience;
        return this;
    }

    /** Stops after epoch {@code epoch} (counted from the run's start), as if interrupted: the schedule still spans all the epochs. */
    public TrainingSession stopAfter(int epoch) {
        if (epoch < 1) {
            throw new IllegalArgumentException("stop-after epoch must be >= 1, got " + epoch);
        }
        this.stopAfter = epoch;
        return this;
    }

    /** Trains each epoch's steps with {@code steps} (e.g. on Spark) instead of the trainer's own loop. */
    public TrainingSession epochSteps(EpochSteps steps) {
        this.epochSteps = steps;
        return this;
    }

    /** Continues the run saved in {@code checkpoint} (written with the same experiment and data). */
    public TrainingSession resume(Path checkpoint) {
        this.resume = checkpoint;
        return this;
    }

    /** Trains. */
    public RunResult run() {
        int trainRows = data != null ? data.train().rows() : elsewhere.facts().trainRows();
        ScheduleTrace trace = new ScheduleTrace(experiment.schedule(), experiment.clock(trainRows),
                experiment.baseLr());
        List<EpochRow> rows = new ArrayList<>();
        Listener listener = new Listener(trace, rows);
        Trainer.Builder builder = experiment.trainer().listener(listener).stopAfter(stopAfter).recordSteps(recordSteps);
        if (earlyStop > 0) {
            builder.listener(new EarlyStopping(Metric.VAL_LOSS, earlyStop, 0));
        }
        if (backend != null) {
            builder.backend(backend);
        }
        if (epochSteps != null) {
            builder.epochSteps(epochSteps);
        }
        int stepsPerEpoch = experiment.stepsPerEpoch(trainRows);
        if (folder != null) {
            builder.runFolder(folder.products((history, dir) -> {
                RunFiles.write(new RunResult(experiment, stepsPerEpoch, rows, trace.steps(), listener.stopReason()), dir,
                        logLr, charts);
                StepsCsv.write(history, dir);
            }));
        }
        Trainer trainer = builder.build();
        if (resume != null) {
            trainer.resume(resume);
        }
        try {
            if (data != null) {
                trainer.fit(data);
            } else {
                trainer.fit(elsewhere);
            }
        } finally {
            progress.close();
        }
        return new RunResult(experiment, stepsPerEpoch, rows, trace.steps(), trainer.stopReason());
    }

    /** Feeds the trace and prints rows. */
    private final class Listener implements TrainingListener {
        private final ScheduleTrace trace;
        private final List<EpochRow> rows;
        private final OverfitWatch overfitting = new OverfitWatch();
        private boolean header;
        private Trainer trainer;

        Listener(ScheduleTrace trace, List<EpochRow> rows) {
            this.trace = trace;
            this.rows = rows;
        }

        String stopReason() {
            return trainer == null ? null : trainer.stopReason();
        }

        @Override
        public void onStep(int epoch, int batch, int batches, Trainer trainer) {
            progress.step(epoch, batch, batches);
        }

        @Override
        public void onEpochEnd(EpochRecord epoch, Trainer trainer) {
            this.trainer = trainer;
            progress.close();
            add(epoch);
        }

        /** Says where the run continues, then the rows of the epochs restored from the checkpoint. */
        @Override
        public void onResume(ResumePoint point, Trainer trainer) {
            if (table != null) {
                Path dir = folder == null ? null : folder.dir().toAbsolutePath().normalize();
                String passed = point.skipped().isEmpty() ? "" : ", passing over " + String.join("; ", point.skipped());
                if (point.checkpoint() == null) {
                    table.println("starting " + folder.dir() + " again from epoch 1" + passed);
                } else {
                    Path file = point.checkpoint().toAbsolutePath().normalize();
                    table.println((dir != null && file.startsWith(dir)
                            ? "resuming " + folder.dir() + " from epoch " + point.epoch() + " (" + dir.relativize(file) + ")"
                            : "resuming from " + point.checkpoint() + " (epoch " + point.epoch() + ")") + passed);
                }
                point.accepted().forEach(table::println);
                table.println();
            }
            for (EpochRecord e : point.restored()) {
                add(e);
            }
            if (table != null && !point.restored().isEmpty()) {
                table.println("      (epochs 1-" + point.restored().size() + " restored from the checkpoint)");
            }
        }

        private void add(EpochRecord epoch) {
            ScheduleTrace.Epoch traced = trace.epochEnd(epoch.epoch(), epoch.valLoss());
            String overfit = overfitting.note(epoch.epoch(), epoch.trainLoss(), epoch.valLoss());
            EpochRow row = new EpochRow(epoch, traced.lr(), OverfitWatch.join(traced.note(), overfit));
            rows.add(row);
            if (table != null && !header) {
                table.println(EpochTable.header());
                header = true;
            }
            if (table != null) {
                table.println(EpochTable.row(row));
                table.flush();
            }
        }
    }
}
