package dev.anneal.runtime.training;

import dev.anneal.Clock;
import dev.anneal.runtime.Columns;
import dev.anneal.runtime.DataFacts;
import dev.anneal.runtime.Dataset;
import dev.anneal.runtime.EpochRecord;
import dev.anneal.runtime.Loss;
import dev.anneal.runtime.Metric;
import dev.anneal.runtime.Mlp;
import dev.anneal.runtime.Network;
import dev.anneal.runtime.Standardizer;
import dev.anneal.runtime.StepRecord;
import dev.anneal.runtime.Trainer;
import dev.anneal.runtime.TrainingDivergedException;
import dev.anneal.runtime.TrainingListener;
import dev.anneal.runtime.backend.Backend;
import dev.anneal.runtime.backend.Tensor;
import dev.anneal.runtime.backend.Workspace;
import dev.anneal.runtime.folder.CheckpointFile;
import dev.anneal.runtime.folder.RunDirectory;
import dev.anneal.runtime.folder.RunIdentity;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One {@link Trainer#fit} at work: the data on the backend, the optimizer, the schedules and the loop. */
public final class TrainingRun {
    private final Trainer trainer;
    private final List<EpochRecord> epochRecords;
    private final List<StepRecord> stepRecords;
    private final TrainerConfig config;
    private final Network network;
    private final Backend backend;
    private final Tensor trainX;
    private final Tensor trainY;
    private final Tensor valX;
    private final Tensor valY;
    private final int trainRows;
    private final Dataset trainData;
    private final Columns columns;
    private final java.util.List<String> classes;
    private final DataElsewhere elsewhere;
    private final EpochSteps epochSteps;
    private final int valRows;
    private final int stepsPerEpoch;
    private final ScheduleSet schedules;
    private final OptimizerState optimizer;
    private final Metric monitor;
    private final int[] order;
    private final int[] identity;
    private final Tensor stepStats;
    private final double[] stepStatsHost;
    private final Tensor valStats;
    private final double[] valStatsHost;
    private final double[] stepLrs;
    private final RunIdentity runIdentity;
    private final boolean checkEveryStep;
    private final List<String> accepted;
    private RunDirectory folder;
    private int epochsDone;
    private long step;
    private Path lastCheckpoint;
    private boolean stoppedAsAsked;

    /**
     * A run of {@code trainer}, which appends each epoch's record (and each step's, when recorded)
     * to {@code epochRecords} and {@code stepRecords}; a resumed run first restores the checkpoint's.
     */
    public TrainingRun(Trainer trainer, List<EpochRecord> epochRecords, List<StepRecord> stepRecords,
                TrainerConfig config, Network network, Dataset train, Dataset validation, Path resumeFrom,
                RunIdentity runIdentity) {
        this(trainer, epochRecords, stepRecords, config, network, train, validation, null, resumeFrom, runIdentity);
    }

    /**
     * A run of {@code trainer} on data that lives elsewhere: {@code data} trains the epochs and
     * validates; this run holds no rows.
     */
    public TrainingRun(Trainer trainer, List<EpochRecord> epochRecords, List<StepRecord> stepRecords,
                TrainerConfig config, Network network, DataElsewhere data, Path resumeFrom, RunIdentity runIdentity) {
        this(trainer, epochRecords, stepRecords, config, network, null, null, data, resumeFrom, runIdentity);
    }

    private TrainingRun(Trainer trainer, List<EpochRecord> epochRecords, List<StepRecord> stepRecords,
                TrainerConfig config, Network network, Dataset train, Dataset validation, DataElsewhere elsewhere,
                Path resumeFrom, RunIdentity runIdentity) {
        this.trainer = trainer;
        this.epochRecords = epochRecords;
        this.stepRecords = stepRecords;
        this.config = config;
        this.network = network;
        this.backend = network.backend();
        this.runIdentity = runIdentity;
        this.checkEveryStep = backend.readsCheaply();
        this.elsewhere = elsewhere;
        this.epochSteps = elsewhere != null ? elsewhere : config.epochSteps();
        CheckpointFile.Contents saved = resumeFrom == null ? null : CheckpointFile.read(resumeFrom);
        if (elsewhere != null) {
            DataFacts facts = elsewhere.facts();
            checkFacts(config.mlp(), facts);
            if (config.standardize()) {
                Standardizer s = saved != null ? Checkpoints.standardizer(saved) : facts.standardizer();
                if (s == null) {
                    throw new IllegalArgumentException("the run standardises, but the data's facts carry no statistics");
                }
                network.standardizer(s);
            }
            trainRows = facts.trainRows();
            trainData = null;
            columns = facts.columns();
            classes = facts.classes();
            valRows = facts.validationRows();
            trainX = null;
            trainY = null;
            valX = null;
            valY = null;
        } else {
            checkData(config.mlp(), train, "training data");
            train.requireTwoClasses("training data");
            if (validation != null) {
                checkData(config.mlp(), validation, "validation data");
            }
            if (config.standardize()) {
                Standardizer s = saved != null ? Checkpoints.standardizer(saved) : Standardizer.fit(train);
                network.standardizer(s);
                train = s.apply(train);
                validation = validation == null ? null : s.apply(validation);
            }
            trainRows = train.rows();
            trainData = train;
            columns = train.columns();
            classes = train.isClassification() ? train.classes() : null;
            valRows = validation == null ? 0 : validation.rows();
            trainX = backend.upload(train.x(), trainRows, train.features());
            trainY = backend.upload(train.y(), trainRows, train.targets());
            valX = validation == null ? null : backend.upload(validation.x(), valRows, validation.features());
            valY = validation == null ? null : backend.upload(validation.y(), valRows, validation.targets());
        }
        stepsPerEpoch = (trainRows + config.batchSize() - 1) / config.batchSize();
        schedules = new ScheduleSet(Clock.of(stepsPerEpoch, (long) stepsPerEpoch * config.epochs()));
        optimizer = new OptimizerState(config.optimizer(), network, config.schedules(), schedules);
        monitor = monitor(config, valRows > 0);
        boolean here = elsewhere == null;
        order = new int[here ? trainRows : 0];
        identity = new int[here ? Math.max(trainRows, valRows) : 0];
        java.util.Arrays.setAll(identity, i -> i);
        stepStats = backend.zeros(stepsPerEpoch, 2);
        stepStatsHost = new double[stepsPerEpoch * 2];
        int valBatches = (valRows + config.batchSize() - 1) / config.batchSize();
        valStats = valRows == 0 || !here ? null : backend.zeros(valBatches, 2);
        valStatsHost = new double[here ? valBatches * 2 : 0];
        stepLrs = config.recordSteps() ? new double[stepsPerEpoch * optimizer.groups.length] : null;
        if (saved != null) {
            accepted = Checkpoints.restore(resumeFrom, saved, this);
            lastCheckpoint = resumeFrom;
        } else {
            accepted = List.of();
        }
    }

    /** The metric fed to plateau schedules and kept best: the configured one, else the validation loss (training loss without validation data). */
    public static Metric monitor(TrainerConfig config, Dataset validation) {
        return monitor(config, validation != null);
    }

    /** {@link #monitor(TrainerConfig, Dataset)} for a run with or without validation data. */
    public static Metric monitor(TrainerConfig config, boolean validation) {
        Metric m = config.monitor() != null ? config.monitor() : validation ? Metric.VAL_LOSS : Metric.TRAIN_LOSS;
        if (!validation && m != Metric.TRAIN_LOSS) {
            throw new IllegalArgumentException("monitor " + m + " needs validation data");
        }
        return m;
    }

    /** Keeps the run folder up to date as the epochs end. */
    public void folder(RunDirectory folder) {
        this.folder = folder;
    }

    /** Checks that {@code d} ({@code what}, for messages) fits the network's inputs, outputs and loss. */
    public static void checkData(Mlp mlp, Dataset d, String what) {
        boolean classes = d.isClassification();
        checkShape(mlp, what, d.features(), classes, classes ? d.classes().size() : 0, classes ? 0 : d.targets());
    }

    /** Checks that data described by {@code f} fits the network's inputs, outputs and loss. */
    static void checkFacts(Mlp mlp, DataFacts f) {
        boolean classes = f.isClassification();
        checkShape(mlp, "training data", f.features(), classes, classes ? f.classes().size() : 0,
                classes ? 0 : f.targets());
        if (mlp.loss() == Loss.SOFTMAX_CROSS_ENTROPY && f.classes().size() < 2) {
            throw new IllegalArgumentException("training data has one class only (" + f.classes()
                    + "); classification needs at least 2");
        }
    }

    private static void checkShape(Mlp mlp, String what, int features, boolean classification, int classes,
                                   int targets) {
        if (features != mlp.inputs()) {
            throw new IllegalArgumentException(what + " has " + features + " features, the network takes "
                    + mlp.inputs());
        }
        if (mlp.loss() == Loss.SOFTMAX_CROSS_ENTROPY) {
            if (!classification) {
                throw new IllegalArgumentException(what + " has regression targets; softmax cross-entropy needs class labels");
            }
            if (classes > mlp.outputs()) {
                throw new IllegalArgumentException(what + " has " + classes + " classes, the network "
                        + mlp.outputs() + " outputs");
            }
        } else if (classification || targets != mlp.outputs()) {
            throw new IllegalArgumentException(what + ": MSE needs " + mlp.outputs() + " regression target(s) per row, got "
                    + (classification ? "class labels" : targets + " target(s)"));
        }
    }

    /**
     * Trains the remaining epochs, or none when the run already reached its stop
     * ({@link dev.anneal.runtime.Trainer.Builder#stopAfter}): a rerun of a stopped run, or of one a
     * crash interrupted after the stop's checkpoint, is done, not an error.
     */
    public void execute() {
        int stop = config.stopAfter();
        if (stop > 0 && stop <= epochsDone && epochsDone < config.epochs()) {
            stoppedAsAsked = true;
            trainer.stop(stop == epochsDone ? "already stopped after epoch " + stop + " as asked"
                    : "already at epoch " + epochsDone + ", past the stop after epoch " + stop + " asked");
            return;
        }
        for (int epoch = epochsDone + 1; epoch <= config.epochs() && trainer.stopReason() == null; epoch++) {
            long start = System.nanoTime();
            long firstStep = step;
            trainEpoch(epoch);
            backend.download(stepStats, stepStatsHost);
            double trainLoss = trainLoss(epoch, firstStep);
            double[] val = elsewhere != null ? evaluateElsewhere(epoch) : evaluate();
            EpochRecord record = new EpochRecord(epoch, step, trainLoss, val[0], val[1],
                    optimizer.lrs(null, 0), (System.nanoTime() - start) / 1e9);
            if (config.recordSteps()) {
                recordSteps(epoch, firstStep);
            }
            epochRecords.add(record);
            schedules.observe(step, monitor.of(record));
            epochsDone = epoch;
            boolean stopHere = epoch == config.stopAfter() && epoch < config.epochs();
            if (config.checkpoint() != null) {
                save(config.checkpoint());
                lastCheckpoint = config.checkpoint();
            }
            if (folder != null) {
                List<StepRecord> steps = config.recordSteps()
                        ? stepRecords.subList(stepRecords.size() - stepsPerEpoch, stepRecords.size())
                        : List.of();
                folder.epochEnd(this, record, steps, monitor, stopHere);
                if (folder.lastCheckpoint() != null) {
                    lastCheckpoint = folder.lastCheckpoint();
                }
            }
            if (stopHere) {
                stoppedAsAsked = true;
                trainer.stop("stopped after epoch " + epoch + " as asked");
            }
            for (TrainingListener l : config.listeners()) {
                l.onEpochEnd(record, trainer);
            }
        }
    }

    private void trainEpoch(int epoch) {
        if (epochSteps != null) {
            trainElsewhere(epoch);
            return;
        }
        if (config.shuffle()) {
            Shuffle.epochOrder(order, config.shuffleSeed(), epoch);
        } else {
            System.arraycopy(identity, 0, order, 0, trainRows);
        }
        int groups = optimizer.groups.length;
        List<TrainingListener> listeners = config.listeners();
        for (int b = 0; b < stepsPerEpoch; b++) {
            int from = b * config.batchSize();
            Workspace ws = network.workspace(Math.min(config.batchSize(), trainRows - from));
            backend.beginStep(step);
            backend.gatherRows(trainX, order, from, ws.x);
            backend.gatherRows(trainY, order, from, ws.y);
            network.forward(ws);
            network.loss(ws, stepStats, b, true);
            if (checkEveryStep && !Double.isFinite(backend.get(stepStats, 2 * b))) {
                throw diverged(backend.get(stepStats, 2 * b), epoch, step, b);
            }
            network.backward(ws);
            optimizer.step(step);
            backend.endStep();
            if (stepLrs != null) {
                for (int g = 0; g < groups; g++) {
                    stepLrs[b * groups + g] = optimizer.lr(g);
                }
            }
            step++;
            for (int i = 0; i < listeners.size(); i++) {
                listeners.get(i).onStep(epoch, b + 1, stepsPerEpoch, trainer);
            }
        }
    }

    /** Hands the epoch to the configured {@link EpochSteps}; {@link EpochWork#advance} calls back {@link #stepsDoneElsewhere}. */
    private void trainElsewhere(int epoch) {
        EpochWork work = new EpochWork(this, epoch);
        epochSteps.train(work);
        if (work.stepsLeft() != 0) {
            throw new IllegalStateException("epoch " + epoch + ": " + work.stepsLeft() + " of " + stepsPerEpoch
                    + " steps were not trained");
        }
        backend.upload(work.stats(), stepStats);
    }

    /** Counts {@code k} steps trained elsewhere (batches {@code done + 1 ...} of the epoch): learning rates, step, listeners. */
    void stepsDoneElsewhere(int epoch, int done, int k) {
        int groups = optimizer.groups.length;
        List<TrainingListener> listeners = config.listeners();
        for (int i = 0; i < k; i++) {
            for (int g = 0; g < groups; g++) {
                optimizer.groups[g].evaluate(step);
                if (stepLrs != null) {
                    stepLrs[(done + i) * groups + g] = optimizer.lr(g);
                }
            }
            step++;
            for (TrainingListener l : listeners) {
                l.onStep(epoch, done + i + 1, stepsPerEpoch, trainer);
            }
        }
    }

    private double trainLoss(int epoch, long firstStep) {
        double sum = 0;
        for (int b = 0; b < stepsPerEpoch; b++) {
            double loss = stepStatsHost[2 * b];
            if (!Double.isFinite(loss)) {
                throw diverged(loss, epoch, firstStep + b, b);
            }
            sum += loss * Math.min(config.batchSize(), trainRows - b * config.batchSize());
        }
        return sum / trainRows;
    }

    /** The error for a loss that is not finite at {@code step} (batch {@code b} of {@code epoch}). */
    private TrainingDivergedException diverged(double loss, int epoch, long step, int b) {
        for (GroupState g : optimizer.groups) {
            g.evaluate(step);
        }
        Map<String, Double> lrs = optimizer.lrs(null, 0);
        String lr = lrs.size() == 1 ? "learning rate " + lrs.values().iterator().next() : "learning rates " + lrs;
        String where = lastCheckpoint == null ? "no checkpoint was written"
                : "the last good checkpoint is " + lastCheckpoint + " (epoch " + epochsDone + ")";
        return new TrainingDivergedException("training loss is " + loss + " at epoch " + epoch + ", step " + step
                + " (batch " + (b + 1) + " of " + stepsPerEpoch + ", " + lr + "); " + where, epoch, step, lastCheckpoint);
    }

    /** Validation loss and accuracy (NaN for regression accuracy), or NaNs without validation data. */
    private double[] evaluate() {
        if (valRows == 0) {
            return new double[] {Double.NaN, Double.NaN};
        }
        int batches = valStats.rows();
        for (int b = 0; b < batches; b++) {
            int from = b * config.batchSize();
            Workspace ws = network.workspace(Math.min(config.batchSize(), valRows - from));
            backend.gatherRows(valX, identity, from, ws.x);
            backend.gatherRows(valY, identity, from, ws.y);
            network.forward(ws);
            network.loss(ws, valStats, b, false);
        }
        backend.download(valStats, valStatsHost);
        double loss = 0;
        double correct = 0;
        for (int b = 0; b < batches; b++) {
            int rows = Math.min(config.batchSize(), valRows - b * config.batchSize());
            loss += valStatsHost[2 * b] * rows;
            correct += valStatsHost[2 * b + 1];
        }
        boolean classes = config.mlp().loss() == Loss.SOFTMAX_CROSS_ENTROPY;
        return new double[] {loss / valRows, classes ? correct / valRows : Double.NaN};
    }

    /** Validation loss and accuracy computed where the data lives. */
    private double[] evaluateElsewhere(int epoch) {
        if (valRows == 0) {
            return new double[] {Double.NaN, Double.NaN};
        }
        DataElsewhere.Validation v = elsewhere.validate(new EpochWork(this, epoch));
        boolean classes = config.mlp().loss() == Loss.SOFTMAX_CROSS_ENTROPY;
        return new double[] {v.loss(), classes ? v.accuracy() : Double.NaN};
    }

    private void recordSteps(int epoch, long firstStep) {
        int groups = optimizer.groups.length;
        for (int b = 0; b < stepsPerEpoch; b++) {
            stepRecords.add(new StepRecord(firstStep + b, epoch, stepStatsHost[2 * b],
                    optimizer.lrs(stepLrs, b * groups)));
        }
    }

    public void save(Path file) {
        Checkpoints.write(file, this, null);
    }

    // ---- state for Checkpoints ------------------------------------------------------------------

    TrainerConfig config() {
        return config;
    }

    Network network() {
        return network;
    }

    /** The epochs' records so far (restored ones first). */
    List<EpochRecord> epochRecords() {
        return epochRecords;
    }

    /** The recorded steps so far (restored ones first). */
    List<StepRecord> stepRecords() {
        return stepRecords;
    }

    OptimizerState optimizer() {
        return optimizer;
    }

    ScheduleSet schedules() {
        return schedules;
    }

    int trainRows() {
        return trainRows;
    }

    /** The training rows as the run trains on them (standardised when the run standardises); null when they live elsewhere. */
    Dataset trainData() {
        return trainData;
    }

    /** The data's column names. */
    Columns columns() {
        return columns;
    }

    /** The class names, or null for regression. */
    java.util.List<String> classes() {
        return classes;
    }

    int stepsPerEpoch() {
        return stepsPerEpoch;
    }

    RunIdentity identity() {
        return runIdentity;
    }

    Metric monitor() {
        return monitor;
    }

    public List<String> accepted() {
        return accepted;
    }

    public boolean stoppedAsAsked() {
        return stoppedAsAsked;
    }

    public Path lastCheckpoint() {
        return lastCheckpoint;
    }

    public int epochsDone() {
        return epochsDone;
    }

    public long step() {
        return step;
    }

    /** Each group's learning rate for the next step. */
    public Map<String, Double> nextLrs() {
        return optimizer.lrsAt(step);
    }

    void position(int epochsDone, long step) {
        this.epochsDone = epochsDone;
        this.step = step;
    }

    static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    static List<Object> list(double[] values) {
        List<Object> out = new ArrayList<>();
        for (double v : values) {
            out.add(v);
        }
        return out;
    }
}
