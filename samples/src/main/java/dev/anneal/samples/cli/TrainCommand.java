package dev.anneal.samples.cli;

import dev.anneal.gpu.CudaException;
import dev.anneal.runtime.RunFolder;
import dev.anneal.runtime.RunFolderConflictException;
import dev.anneal.runtime.TrainingDivergedException;
import dev.anneal.samples.report.ReportPage;
import dev.anneal.samples.train.DefaultRunFolder;
import dev.anneal.samples.train.Devices;
import dev.anneal.samples.train.EpochRow;
import dev.anneal.samples.train.Experiment;
import dev.anneal.samples.train.OverfitWatch;
import dev.anneal.samples.train.RunFiles;
import dev.anneal.samples.train.RunResult;
import dev.anneal.samples.train.ScheduleFit;
import dev.anneal.samples.train.TrainingData;
import dev.anneal.samples.train.TrainingSession;
import dev.anneal.spark.FrameData;
import dev.anneal.spark.SparkEpochs;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code anneal train}: trains an MLP with a learning-rate schedule, prints a row per epoch (with what
 * the schedule did), terminal charts of the loss and the learning rate, and writes the run's history,
 * plots and final checkpoint into a new folder. With no arguments it trains on the embedded
 * synthetic data set.
 * <pre>{@code
 * anneal train
 * anneal train --data iris.csv --label species --hidden 32,32 --optimizer adamw --lr 3e-3 \
 *              --schedule "warmup(2.epochs) then cosine()" --epochs 30 --out runs/iris
 * }</pre>
 * Exit codes: 0 done, 1 training diverged, 2 bad input (nothing written).
 */
@Command(name = "train",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Trains an MLP with a learning-rate schedule: a table row per epoch, charts, history and plots.",
            "The table's columns: Epoch | Train loss | Val loss | Val acc | LR after | Note.",
            "LR after is the learning rate after the epoch (what the next step uses, as PyTorch's "
                    + "scheduler.get_last_lr() after the epoch, and as the runtime's progress line's 'lr after'); "
                    + "Note says what the schedule did (warmup, step decay, restart, cosine minimum, LR reduced by "
                    + "plateau...) and flags overfitting: 'overfitting: val loss rising since epoch N' once the "
                    + "validation loss has stayed above its best (epoch N) for " + OverfitWatch.EPOCHS
                    + " epochs while the training loss fell.",
            "Then charts the loss and the learning rate, and writes history.csv, history.json, lr.png, lr.svg, "
                    + "loss.png, loss.svg, accuracy.png and final.ckpt into the output folder.",
            "The output folder fills as the run goes: checkpoints/epoch-NNNN.ckpt (and checkpoints/last.ckpt, the "
                    + "newest) and run.json (configuration, status, last epoch). After a crash, run the same command "
                    + "again: it continues from the newest checkpoint. A folder holding another configuration or a "
                    + "finished run is refused (exit 2); --restart discards it.",
            "Without --data it trains on an embedded synthetic set: 1000 rows x 20 features, 2 classes, "
                    + "standardised, 800 train / 200 validation."
        },
        footer = {
            "%nExamples:",
            "  anneal train",
            "  anneal train --epochs 30 --schedule \\",
            "      'warmup(3.epochs) then plateau(patience=2, factor=0.5)'",
            "  anneal train --data iris.csv --label species --hidden 32,32 \\",
            "               --optimizer adamw --lr 3e-3",
            "  anneal train --epochs 10 --stop-after 5 --out runs/a",
            "  anneal train --epochs 10 --out runs/b \\",
            "               --resume runs/a/checkpoints/epoch-0004.ckpt",
            "  anneal train --epochs 10 --out runs/a          # continues runs/a from epoch 5",
            "  anneal train --spark local[2] --workers 2 --batch 16 --out runs/spark",
            "  anneal train --spark local[2] --data 'file:///data/parts/*.csv' \\",
            "               --out runs/big                    # read by the executors",
            "  spark-submit --class dev.anneal.samples.cli.Anneal anneal.jar \\",
            "               train --spark spark://host:7077 --workers 8 --out runs/c"
        })
final class TrainCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    DataOptions data;

    @Mixin
    ScheduleOptions schedule;

    @Mixin
    OptimizerOptions optimizer;

    @Mixin
    ModelOptions model;

    @Mixin
    DeviceOption device;

    @Option(names = "--out", paramLabel = "DIR",
            description = "Output folder: new, empty, or holding an unfinished run of the same configuration, "
                    + "which continues (default: runs/<date>-<time>).")
    Path out;

    @Mixin
    RunFolderOptions runFolder;

    @Mixin
    SparkOptions spark;

    /** For picocli, which sets the options. */
    TrainCommand() {
    }

    /** The training run of {@code anneal lr-find --then-train}: lr-find's options, into {@code out}. */
    TrainCommand(CommandSpec spec, Path out, DataOptions data, ScheduleOptions schedule, OptimizerOptions optimizer,
            ModelOptions model, DeviceOption device, RunFolderOptions runFolder, SparkOptions spark) {
        this.spec = spec;
        this.out = out;
        this.data = data;
        this.schedule = schedule;
        this.optimizer = optimizer;
        this.model = model;
        this.device = device;
        this.runFolder = runFolder;
        this.spark = spark;
    }

    @Override
    public Integer call() {
        checkArguments();
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter stderr = spec.commandLine().getErr();
        SparkEpochs onSpark = null;
        FrameData frame = null;   // --spark with --data: the executors read the rows, which stay there
        try {
            if (spark.on()) {
                SparkOnClassPath.require("train");
            }
            TrainingData trainingData = null;
            int trainRows;
            String description;
            if (spark.on() && data.given()) {
                onSpark = spark.connect();
                frame = FrameData.csv(onSpark, data.data, data.label, TrainingData.VALIDATION_FRACTION, optimizer.seed,
                        shape -> model.mlp(shape.features(), shape.classes().size()), true, true);
                trainRows = frame.facts().trainRows();
                description = TrainingData.describe(data.data, frame.facts().trainRows(), frame.facts().validationRows(),
                        frame.facts().columns().features().size(), frame.facts().classes().size(),
                        "at random on the executors, seed " + optimizer.seed);
            } else {
                trainingData = data.read(optimizer.seed);
                trainRows = trainingData.split().train().rows();
                description = trainingData.description();
            }
            optimizer.batch = BatchSize.fit(optimizer.batch, trainRows, stderr);
            Experiment experiment = experiment(frame != null ? frame.mlp() : model.mlp(trainingData));
            // a schedule that does not fit the run (too short for its parts) fails here, before any output
            ScheduleFit.check(experiment, trainRows);
            if (runFolder.resume != null && !runFolder.resume.toFile().isFile()) {
                throw new NoSuchFileException(runFolder.resume.toString());
            }
            if (spark.on()) {
                SparkEpochs.requireFits(trainRows, experiment.batchSize(), spark.workers());
            }
            Devices.Choice choice = spark.on() ? onSpark() : device.select();
            Path target = out != null ? out : DefaultRunFolder.claim(Path.of("runs"), LocalDateTime.now());
            if (Files.isRegularFile(target)) {
                stderr.println("anneal train: --out " + target + " is a file, not a folder; choose a folder");
                return 2;
            }
            if (holdsOtherFiles(target)) {
                stderr.println("anneal train: --out " + target + " holds files but no Anneal run (no run.json); "
                        + "choose another folder");
                return 2;
            }
            stdout.println(description);
            stdout.println("model: " + experiment.mlp());
            stdout.println("optimizer: " + experiment.optimizerText() + ", batch " + experiment.batchSize() + ", "
                    + experiment.epochs() + " epochs, seed " + experiment.seed());
            stdout.println("schedule: " + experiment.schedule());
            stdout.println(choice.description());
            if (spark.on()) {
                stdout.println(spark.description(optimizer.batch));
            }
            stdout.println();
            RunFolder folder = runFolder.at(target, spec)
                    .fact("command", "anneal " + String.join(" ", spec.commandLine().getParseResult().originalArgs()))
                    .fact("data", description.replaceFirst("^data: ", ""));
            TrainingSession session = (frame != null ? TrainingSession.of(experiment, frame)
                    : TrainingSession.of(experiment, trainingData.split()))
                    .backend(choice.backend())
                    .table(stdout);
            runFolder.applyTo(session, folder);
            RunResult result;
            try {
                if (spark.on() && frame == null) {   // rows in memory here, dealt to the workers by the trainer
                    onSpark = spark.connect();
                    session.epochSteps(onSpark);
                }
                result = session.run();
            } catch (RunFolderConflictException e) {
                stderr.println("anneal train: --out " + conflict(e));
                return 2;
            } catch (TrainingDivergedException e) {
                stderr.println("anneal train: training diverged: " + e.getMessage() + "; the run is in " + target);
                return 1;
            } catch (CudaException e) {
                stderr.println("anneal train: the GPU failed: " + e.getMessage() + "; " + (Files.exists(target.resolve("run.json"))
                        ? "what it saved is in " + target + " (run the same command again to continue)"
                        : "nothing was saved"));
                return 1;
            }
            TrainCharts.print(result, stdout);
            stdout.println();
            if (result.stopReason() != null) {
                stdout.println(result.stopReason());
                if (runFolder.earlyStop != null && result.stopReason().startsWith("early stopping")) {
                    stdout.println(bestKept(result, target));
                }
            }
            ReportPage.writeInto(target);
            stdout.println("wrote " + target + ": " + String.join(", ", RunFiles.NAMES) + (runFolder.recordSteps
                    ? ", steps.csv" : "") + ", final.ckpt, run.json, checkpoints/, " + ReportPage.NAME
                    + ", events.out.tfevents.*");
            stdout.flush();
            return 0;
        } catch (IllegalArgumentException e) {
            stderr.println("anneal train: " + e.getMessage());
            return 2;
        } catch (NoSuchFileException e) {
            stderr.println("anneal train: no such file: " + e.getFile());
            return 2;
        } catch (IOException | UncheckedIOException e) {
            stderr.println("anneal train: " + e.getMessage());
            return 2;
        } finally {
            if (frame != null) {
                frame.close();
            }
            if (onSpark != null) {
                onSpark.close();
            }
        }
    }

    /** The device line under --spark: the executors' CPUs; a --device other than cpu or auto is refused. */
    private Devices.Choice onSpark() {
        if (spec.commandLine().getParseResult().hasMatchedOption("--device")
                && !device.device.equals("cpu") && !device.device.equals("auto")) {
            throw UserErrors.usage(spec, "--device " + device.device + " does not go with --spark: the Spark executors "
                    + "train on their CPUs");
        }
        return new Devices.Choice(Devices.select("cpu").backend(), "device: cpu, on each Spark executor");
    }

    /** {@code best epoch: 5 (val loss 0.1850), kept as DIR/checkpoints/best.ckpt}: the epoch --early-stop kept. */
    private static String bestKept(RunResult result, Path target) {
        EpochRow best = null;
        for (EpochRow row : result.rows()) {
            boolean measured = !Double.isNaN(row.valLoss());   // the run folder's best passes NaN over too
            if (measured && (best == null || row.valLoss() < best.valLoss())) {
                best = row;
            }
        }
        if (best == null) {
            return "no epoch had a validation loss to keep";
        }
        return String.format(java.util.Locale.ROOT, "best epoch: %d (val loss %.4f), kept as %s", best.epoch(),
                best.valLoss(), target.resolve("checkpoints").resolve("best.ckpt"));
    }

    /** Whether {@code dir} is a folder with files in it but no run. */
    private static boolean holdsOtherFiles(Path dir) throws IOException {
        if (!Files.isDirectory(dir) || Files.exists(dir.resolve("run.json"))) {
            return false;
        }
        try (java.util.stream.Stream<Path> entries = Files.list(dir)) {
            return entries.findAny().isPresent();
        }
    }

    /** What is in the way in --out, and the ways on. */
    private static String conflict(RunFolderConflictException e) {
        String way = "use --restart to discard it, or choose another --out";
        if (e.reasons().isEmpty()) {
            return e.getMessage() + "; " + way;
        }
        return e.getMessage() + ";\n  " + way;
    }

    /** What the options train: the model on {@code trainingData}, the optimizer, the schedule, the run's batch. */
    Experiment experiment(TrainingData trainingData) {
        return experiment(model.mlp(trainingData));
    }

    private Experiment experiment(dev.anneal.runtime.Mlp mlp) {
        return Experiment.defaults().mlp(mlp).optimizer(optimizer.optimizer())
                .schedule(schedule.schedule()).batchSize(spark.runBatch(optimizer.batch)).epochs(schedule.epochs)
                .seed(optimizer.seed);
    }

    /** Each option group's checks: a usage error names the option. */
    void checkArguments() {
        schedule.check(spec);
        optimizer.check(spec);
        model.check(spec);
        runFolder.check(spec);
        spark.check(spec);
    }
}
