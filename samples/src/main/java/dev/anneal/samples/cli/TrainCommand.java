package dev.anneal.samples.cli;

import dev.anneal.Schedule;
import dev.anneal.gpu.CudaException;
import dev.anneal.runtime.Activation;
import dev.anneal.runtime.Mlp;
import dev.anneal.runtime.Optimizer;
import dev.anneal.runtime.RunFolder;
import dev.anneal.runtime.RunFolderConflictException;
import dev.anneal.runtime.TrainingDivergedException;
import dev.anneal.samples.train.Devices;
import dev.anneal.samples.train.Experiment;
import dev.anneal.samples.train.OverfitWatch;
import dev.anneal.samples.train.RunFiles;
import dev.anneal.samples.train.RunResult;
import dev.anneal.samples.train.ScheduleFit;
import dev.anneal.samples.train.TrainingData;
import dev.anneal.samples.train.TrainingSession;
import dev.anneal.spark.SparkEpochs;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
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
            "  anneal train --epochs 30 \\",
            "               --schedule 'warmup(3.epochs) then plateau(patience=2, factor=0.5)'",
            "  anneal train --data iris.csv --label species --hidden 32,32 \\",
            "               --optimizer adamw --lr 3e-3",
            "  anneal train --epochs 10 --stop-after 5 --out runs/a",
            "  anneal train --epochs 10 --out runs/a          # continues runs/a from epoch 5",
            "  anneal train --epochs 10 --resume runs/a/checkpoints/epoch-0003.ckpt --out runs/b",
            "  spark-submit --class dev.anneal.samples.cli.Anneal anneal.jar train --spark local[2] --workers 2 \\",
            "               --batch 16 --out runs/spark"
        })
class TrainCommand implements Callable<Integer> {
    private static final DateTimeFormatter RUN_NAME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    /** The optimizers. */
    enum OptimizerKind { SGD, ADAM, ADAMW }

    @Spec
    CommandSpec spec;

    @Option(names = "--data", paramLabel = "FILE.csv",
            description = "A CSV file with a header row (default: the embedded synthetic set); 20%% of its rows, "
                    + "stratified, validate.")
    Path data;

    @Option(names = "--label", paramLabel = "COL", defaultValue = "label",
            description = "The CSV column holding the class (default: ${DEFAULT-VALUE}).")
    String label;

    @Option(names = "--schedule", paramLabel = "EXPR", converter = ScheduleConverter.class,
            description = "The learning-rate schedule, in Anneal's text form or a PyTorch scheduler "
                    + "(default: warmup(2.epochs) then cosine()).")
    Schedule schedule;

    @Option(names = "--optimizer", paramLabel = "NAME", defaultValue = "sgd",
            description = "sgd, adam or adamw (default: ${DEFAULT-VALUE}).")
    OptimizerKind optimizer;

    @Option(names = "--lr", paramLabel = "X",
            description = "Base learning rate (default: 0.1 for sgd, 0.001 for adam and adamw).")
    Double lr;

    @Option(names = "--momentum", paramLabel = "M",
            description = "SGD's momentum, or Adam's beta1 (default: 0.9).")
    Double momentum;

    @Option(names = "--weight-decay", paramLabel = "W",
            description = "Weight decay (default: 0, and 0.01 for adamw).")
    Double weightDecay;

    @Option(names = "--epochs", paramLabel = "N", defaultValue = "20",
            description = "Passes over the training rows (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--batch", paramLabel = "N", defaultValue = "32",
            description = "Rows per batch (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--hidden", paramLabel = "UNITS", split = ",", defaultValue = "64",
            description = "Units of the hidden ReLU layers, e.g. 64,64 (default: ${DEFAULT-VALUE}).")
    List<Integer> hidden;

    @Option(names = "--device", paramLabel = "DEVICE", defaultValue = "auto",
            description = "cpu, cuda, cuda:N or auto (default: ${DEFAULT-VALUE}: the first GPU when one is usable, "
                    + "else the CPU).")
    String device;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "1",
            description = "Seed of the initial weights, the shuffling and the CSV split (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--out", paramLabel = "DIR",
            description = "Output folder: new, empty, or holding an unfinished run of the same configuration, "
                    + "which continues (default: runs/<date>-<time>).")
    Path out;

    @Option(names = "--restart",
            description = "Discard the run that --out holds (finished, diverged or of another configuration) and "
                    + "start again.")
    boolean restart;

    @Option(names = "--resume", paramLabel = "CKPT",
            description = "Start the run in --out (a new folder) from this checkpoint; options that contradict it "
                    + "are refused.")
    Path resume;

    @Option(names = "--checkpoint-every", paramLabel = "N", defaultValue = "1",
            description = "Write checkpoints/epoch-NNNN.ckpt every N epochs (default: ${DEFAULT-VALUE}).")
    int checkpointEvery;

    @Option(names = "--keep-checkpoints", paramLabel = "N|all", defaultValue = "3",
            description = "How many epoch checkpoints to keep, the newest (default: ${DEFAULT-VALUE}; all keeps all).")
    String keepCheckpoints;

    @Option(names = "--keep-best",
            description = "Also keep checkpoints/best.ckpt, the epoch with the lowest validation loss.")
    boolean keepBest;

    @Option(names = "--early-stop", paramLabel = "PATIENCE",
            description = "Stop when the validation loss has not improved for PATIENCE epochs; keeps "
                    + "checkpoints/best.ckpt as --keep-best does.")
    Integer earlyStop;

    @Option(names = "--stop-after", paramLabel = "N",
            description = "Stop after epoch N (counted from the run's start, also on a resumed run), as if "
                    + "interrupted: the schedule still spans --epochs; the same command without --stop-after "
                    + "continues it.")
    Integer stopAfter;

    @Option(names = "--log-lr", description = "Draw lr.png and lr.svg with a logarithmic y axis.")
    boolean logLr;

    @Option(names = "--spark", paramLabel = "MASTER",
            description = "Train data-parallel on Apache Spark: MASTER is a Spark master URL (local[N], "
                    + "spark://host:port). Spark is not in anneal.jar: run the tool with spark-submit (README, "
                    + "More than one machine). The workers train on their CPUs; --batch is per worker.")
    String sparkMaster;

    @Option(names = "--workers", paramLabel = "N",
            description = "With --spark: Spark tasks training at once, a shard of the rows each (default: 2).")
    Integer workers;

    @Option(names = "--average-every", paramLabel = "K",
            description = "With --spark: steps each worker trains between two averagings (default: a whole epoch).")
    Integer averageEvery;

    @Override
    public Integer call() {
        checkArguments();
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter stderr = spec.commandLine().getErr();
        try {
            TrainingData trainingData = data == null ? TrainingData.synthetic() : TrainingData.csv(data, label, seed);
            batch = BatchSize.fit(batch, trainingData.split().train().rows(), stderr);
            Experiment experiment = experiment(trainingData);
            // a schedule that does not fit the run (too short for its parts) fails here, before any output
            ScheduleFit.check(experiment, trainingData.split().train().rows());
            if (resume != null && !resume.toFile().isFile()) {
                throw new NoSuchFileException(resume.toString());
            }
            if (sparkMaster != null) {
                SparkOnClassPath.require("train");
                SparkEpochs.requireFits(trainingData.split().train().rows(), experiment.batchSize(), workers());
            }
            Devices.Choice choice = Devices.select(sparkMaster != null ? "cpu" : device);
            Path target = out != null ? out : Path.of("runs", LocalDateTime.now().format(RUN_NAME));
            if (Files.isRegularFile(target)) {
                stderr.println("anneal train: --out " + target + " is a file, not a folder; choose a folder");
                return 2;
            }
            if (holdsOtherFiles(target)) {
                stderr.println("anneal train: --out " + target + " holds files but no Anneal run (no run.json); "
                        + "choose another folder");
                return 2;
            }
            stdout.println(trainingData.description());
            stdout.println("model: " + experiment.mlp());
            stdout.println("optimizer: " + experiment.optimizerText() + ", batch " + experiment.batchSize() + ", "
                    + experiment.epochs() + " epochs, seed " + experiment.seed());
            stdout.println("schedule: " + experiment.schedule());
            stdout.println(choice.description());
            if (sparkMaster != null) {
                stdout.println("spark: " + sparkMaster + ", " + workers() + " workers x batch " + batch + ", averaging "
                        + (averageEvery == null ? "once an epoch" : averageEvery == 1 ? "after every step"
                        : "every " + averageEvery + " steps"));
            }
            stdout.println();
            RunFolder folder = RunFolder.at(target).checkpointEvery(checkpointEvery).keep(keep())
                    .keepBest(keepBest || earlyStop != null).restart(restart)
                    .fact("command", "anneal " + String.join(" ", spec.commandLine().getParseResult().originalArgs()));
            TrainingSession session = TrainingSession.of(experiment, trainingData.split())
                    .backend(choice.backend())
                    .table(stdout)
                    .runFolder(folder, logLr);
            if (stopAfter != null) {
                session.stopAfter(stopAfter);
            }
            if (earlyStop != null) {
                session.earlyStop(earlyStop);
            }
            if (resume != null) {
                session.resume(resume);
            }
            RunResult result;
            try (SparkEpochs onSpark = sparkMaster == null ? null
                    : connectSpark().averageEvery(averageEvery != null ? averageEvery : 0)) {
                if (onSpark != null) {
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
            }
            stdout.println("wrote " + target + ": " + String.join(", ", RunFiles.NAMES) + ", final.ckpt, run.json, "
                    + "checkpoints/");
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
        }
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

    private int keep() {
        if (keepCheckpoints.toLowerCase(Locale.ROOT).equals("all")) {
            return RunFolder.KEEP_ALL;
        }
        try {
            int n = Integer.parseInt(keepCheckpoints);
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw usage("--keep-checkpoints must be a number >= 1 or 'all', got '" + keepCheckpoints + "'");
    }

    Experiment experiment(TrainingData trainingData) {
        Mlp mlp = Mlp.input(trainingData.features());
        for (int units : hidden) {
            mlp = mlp.dense(units, Activation.RELU);
        }
        mlp = mlp.dense(trainingData.classes());
        Optimizer opt = switch (optimizer) {
            case SGD -> Optimizer.sgd(lr != null ? lr : 0.1).momentum(momentum != null ? momentum : 0.9);
            case ADAM -> Optimizer.adam(lr != null ? lr : 1e-3);
            case ADAMW -> Optimizer.adamW(lr != null ? lr : 1e-3);
        };
        if (optimizer != OptimizerKind.SGD && momentum != null) {
            opt = opt.betas(momentum, opt.beta2());
        }
        if (weightDecay != null) {
            opt = opt.weightDecay(weightDecay);
        }
        return Experiment.defaults().mlp(mlp).optimizer(opt).schedule(schedule != null ? schedule
                : Experiment.DEFAULT_SCHEDULE).batchSize(sparkMaster != null ? batch * workers() : batch).epochs(epochs)
                .seed(seed);
    }

    /** The Spark workers of --spark MASTER; an error names the option. */
    private SparkEpochs connectSpark() {
        try {
            return SparkEpochs.connect(sparkMaster, workers());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--spark " + e.getMessage(), e);
        }
    }

    /** The Spark workers (--workers, default 2). */
    private int workers() {
        return workers != null ? workers : 2;
    }

    void checkArguments() {
        UserErrors.requirePositive(spec, "--epochs", epochs);
        UserErrors.requirePositive(spec, "--batch", batch);
        for (int units : hidden) {
            UserErrors.requirePositive(spec, "--hidden", units);
        }
        UserErrors.requirePositive(spec, "--checkpoint-every", checkpointEvery);
        keep();
        if (earlyStop != null) {
            UserErrors.requirePositive(spec, "--early-stop", earlyStop);
        }
        if (restart && resume != null) {
            throw usage("--restart and --resume do not go together: --resume starts a new folder");
        }
        if (stopAfter != null) {
            UserErrors.requirePositive(spec, "--stop-after", stopAfter);
        }
        if (sparkMaster == null && (workers != null || averageEvery != null)) {
            throw usage((workers != null ? "--workers" : "--average-every") + " goes with --spark MASTER");
        }
        if (workers != null) {
            UserErrors.requirePositive(spec, "--workers", workers);
        }
        if (averageEvery != null) {
            UserErrors.requirePositive(spec, "--average-every", averageEvery);
        }
        if (lr != null && !(lr > 0 && Double.isFinite(lr))) {
            throw usage("--lr must be a finite number > 0, got " + lr);
        }
    }


    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
