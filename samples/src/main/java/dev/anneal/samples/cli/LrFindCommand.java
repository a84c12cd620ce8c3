package dev.anneal.samples.cli;

import dev.anneal.runtime.Network;
import dev.anneal.runtime.rangetest.LrRamp;
import dev.anneal.runtime.rangetest.LrRangeResult;
import dev.anneal.runtime.rangetest.LrRangeTest;
import dev.anneal.runtime.rangetest.LrSuggestion;
import dev.anneal.samples.train.DefaultRunFolder;
import dev.anneal.samples.train.Devices;
import dev.anneal.samples.train.EpochTable;
import dev.anneal.samples.train.Experiment;
import dev.anneal.samples.train.LrFindFiles;
import dev.anneal.samples.train.LrFindTable;
import dev.anneal.samples.train.TrainingData;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.IHelpSectionRenderer;
import picocli.CommandLine.IModelTransformer;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.UsageMessageSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/**
 * {@code anneal lr-find}: the learning-rate range test ({@link LrRangeTest}) on the model, data and
 * optimizer that {@code anneal train} would use with the same options. Prints a table of the steps
 * and one line per suggestion, and writes {@code lr-find.csv}, {@code lr-find.json},
 * {@code lr-find.png} and {@code lr-find.svg} into {@code --out}; {@code --then-train} then runs
 * {@code anneal train} with the suggested learning rate into {@code OUT/train}. It takes train's data,
 * optimizer, model and device options for the range test, and passes train's schedule, run-folder and
 * Spark options on to {@code --then-train} (its help lists these under {@code With --then-train:}).
 * <pre>{@code
 * anneal lr-find --out runs/lr
 * anneal lr-find --data iris.csv --label species --optimizer adamw --out runs/iris-lr --then-train
 * }</pre>
 * Exit codes: 0 done, 1 no suggestion (the loss diverged at once) or --then-train diverged, 2 bad input
 * (nothing written).
 */
@Command(name = "lr-find",
        mixinStandardHelpOptions = true,
        modelTransformer = LrFindCommand.Options.class,
        sortOptions = false,
        description = {
            "Finds a learning rate with Leslie Smith's range test, as fastai's lr_find: trains a copy of the model "
                    + "while the learning rate rises from --min-lr to --max-lr, smooths the loss (moving average, "
                    + "beta 0.98, bias-corrected), stops when the smoothed loss passes 4x its best or a loss is not "
                    + "finite, and suggests: valley (fastai's default), steepest, minimum/10.",
            "Takes anneal train's data, model and optimizer options (--lr aside: the ramp sets it); the schedule, "
                    + "--epochs and the other training options apply to --then-train.",
            "Prints a table (Step | LR | Loss | Smoothed | Note) and one line per suggestion; writes lr-find.csv "
                    + "(step,lr,loss,smoothed_loss), lr-find.json, lr-find.png and lr-find.svg into --out."
        },
        footer = {
            "%nExamples:",
            "  anneal lr-find --out runs/lr",
            "  anneal lr-find --min-lr 1e-5 --steps 100 --out runs/lr",
            "  anneal lr-find --optimizer adamw --hidden 128,64 --out runs/lr \\",
            "                 --then-train --epochs 30 \\",
            "                 --schedule 'warmup(2.epochs) then cosine()'"
        })
final class LrFindCommand implements Callable<Integer> {

    /**
     * lr-find's options as its help shows them: the options that only --then-train uses under their own
     * heading; train's --lr and --resume hidden (lr-find refuses them, saying why), and --restart (taken,
     * but --then-train's OUT/train is always a new folder: there is no run to discard).
     */
    static final class Options implements IModelTransformer {
        /** The option groups that only --then-train uses. */
        private static final Set<Class<?>> THEN_TRAIN = Set.of(ScheduleOptions.class, RunFolderOptions.class,
                SparkOptions.class);
        private static final String THEN_TRAIN_SECTION = "thenTrainOptionList";

        @Override
        public CommandSpec transform(CommandSpec command) {
            for (String name : new String[] {"--lr", "--resume", "--restart"}) {
                OptionSpec option = command.findOption(name);
                command.remove(option);
                command.addOption(OptionSpec.builder(option).hidden(true).build());
            }
            Set<String> thenTrain = command.mixins().values().stream()
                    .filter(mixin -> THEN_TRAIN.contains(mixin.userObject().getClass()))
                    .flatMap(mixin -> mixin.options().stream()).map(OptionSpec::longestName).collect(Collectors.toSet());
            UsageMessageSpec usage = command.usageMessage();
            Map<String, IHelpSectionRenderer> sections = new LinkedHashMap<>(usage.sectionMap());
            sections.put(UsageMessageSpec.SECTION_KEY_OPTION_LIST,
                    help -> optionList(help, o -> !thenTrain.contains(o.longestName())));
            sections.put(THEN_TRAIN_SECTION, help -> help.createHeading("%nWith --then-train:%n")
                    + optionList(help, o -> thenTrain.contains(o.longestName())));
            List<String> keys = new ArrayList<>(usage.sectionKeys());
            keys.add(keys.indexOf(UsageMessageSpec.SECTION_KEY_OPTION_LIST) + 1, THEN_TRAIN_SECTION);
            usage.sectionMap(sections).sectionKeys(keys);
            return command;
        }

        /** The visible options that {@code which} picks, in declaration order, aligned as the rest of the help. */
        private static String optionList(CommandLine.Help help, Predicate<OptionSpec> which) {
            List<OptionSpec> options = help.commandSpec().options().stream().filter(o -> !o.hidden() && which.test(o))
                    .toList();
            return help.optionListExcludingGroups(options, help.createDefaultLayout(), null,
                    help.createDefaultParamLabelRenderer());
        }
    }

    @Spec
    CommandSpec spec;

    @Mixin
    DataOptions data;

    @Mixin
    OptimizerOptions optimizer;

    @Mixin
    ModelOptions model;

    @Mixin
    DeviceOption device;

    @Option(names = "--out", paramLabel = "DIR",
            description = "Output folder, new or empty (default: runs/<date>-<time>); with --then-train the run goes "
                    + "into DIR/train.")
    Path out;

    @Option(names = "--min-lr", paramLabel = "X", defaultValue = "1e-7",
            description = "Learning rate of the first step (default: ${DEFAULT-VALUE}).")
    double minLr;

    @Option(names = "--max-lr", paramLabel = "X", defaultValue = "10",
            description = "Learning rate of the last step (default: ${DEFAULT-VALUE}).")
    double maxLr;

    @Option(names = "--steps", paramLabel = "N",
            description = "Steps of the ramp, >= 2 (default: 100); more than an epoch go on "
                    + "into the next.")
    Integer steps;

    @Option(names = "--ramp", paramLabel = "SHAPE", defaultValue = "exponential",
            description = "exponential or linear (default: ${DEFAULT-VALUE}).")
    LrRamp ramp;

    @Option(names = "--then-train",
            description = "Then train with the suggested learning rate and the given schedule, into OUT/train.")
    boolean thenTrain;

    @Option(names = "--suggestion", paramLabel = "NAME", defaultValue = "valley",
            description = "The suggestion --then-train uses: valley, steepest or minimum_over_10 (default: ${DEFAULT-VALUE}).")
    LrSuggestion.Kind suggestion;

    @Option(names = "--overwrite", description = "Write into a --out folder that has files, replacing lr-find.* there.")
    boolean overwrite;

    // train's options that only --then-train uses (listed under "With --then-train:" by Options)

    @Mixin
    ScheduleOptions schedule;

    @Mixin
    RunFolderOptions runFolder;

    @Mixin
    SparkOptions spark;

    @Override
    public Integer call() {
        Path target;
        try {
            target = out != null ? out : DefaultRunFolder.claim(Path.of("runs"), LocalDateTime.now());
        } catch (IOException e) {
            spec.commandLine().getErr().println("anneal lr-find: cannot make a folder in runs/: " + e.getMessage());
            return 2;
        }
        try {
            return call(target);
        } finally {
            if (out == null) {
                DefaultRunFolder.releaseIfEmpty(target);
            }
        }
    }

    private int call(Path target) {
        Path trainOut = target.resolve("train");
        TrainCommand train = new TrainCommand(spec, trainOut, data, schedule, optimizer, model, device, runFolder, spark);
        train.checkArguments();
        checkRangeArguments();
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter stderr = spec.commandLine().getErr();
        try {
            TrainingData trainingData = data.read(optimizer.seed);
            Experiment experiment = train.experiment(trainingData);
            if (thenTrain) {
                experiment.schedule().compile(experiment.clock(trainingData.split().train().rows()));
            }
            LrFindFiles.check(target, overwrite);
            if (thenTrain && Files.exists(trainOut)) {
                throw new FileAlreadyExistsException(target.toString(), null,
                        "--then-train trains into " + trainOut + ", which exists");
            }
            Devices.Choice choice = device.select();
            stdout.println(trainingData.description());
            stdout.println("model: " + experiment.mlp());
            String optimizerText = experiment.optimizerText().replaceFirst("lr=[^,)]*", "lr=ramp");
            stdout.println("optimizer: " + optimizerText + ", batch " + experiment.batchSize() + ", seed " + experiment.seed());
            stdout.println(choice.description());
            Network network = experiment.mlp().build(choice.backend(), experiment.seed());
            LrRangeTest.Builder test = LrRangeTest.builder(network).optimizer(experiment.optimizer()).minLr(minLr)
                    .maxLr(maxLr).ramp(ramp).batchSize(experiment.batchSize()).seed(experiment.seed()).standardize(true);
            if (steps != null) {
                test.steps(steps);
            }
            LrRangeResult result = test.build().run(trainingData.split().train());
            stdout.println("ramp: " + result.rampText());
            stdout.println();
            LrFindTable.table(result).forEach(stdout::println);
            stdout.println();
            if (result.stoppedEarly()) {
                stdout.println("stopped early: " + result.stopReason());
            }
            LrFindTable.suggestions(result).forEach(stdout::println);
            Map<String, Object> settings = new LinkedHashMap<>();
            settings.put("data", trainingData.description().replaceFirst("^data: ", ""));
            settings.put("model", experiment.mlp().toString());
            settings.put("optimizer", optimizerText);
            settings.put("batchSize", experiment.batchSize());
            settings.put("seed", experiment.seed());
            LrFindFiles.write(result, settings, target);
            stdout.println("wrote " + target + ": " + String.join(", ", LrFindFiles.NAMES));
            stdout.flush();
            if (result.suggestions().isEmpty()) {
                stderr.println("anneal lr-find: " + result.noSuggestion());
                return 1;
            }
            if (!thenTrain) {
                return 0;
            }
            LrSuggestion chosen = result.suggestion(suggestion).orElseThrow();
            stdout.println();
            stdout.println("--then-train: training with lr " + EpochTable.lr(chosen.lr()) + " (" + chosen.kind().label()
                    + ") into " + trainOut);
            stdout.println();
            stdout.flush();
            optimizer.lr = chosen.lr();
            return train.call();
        } catch (IllegalArgumentException e) {
            stderr.println("anneal lr-find: " + e.getMessage());
            return 2;
        } catch (FileAlreadyExistsException e) {
            stderr.println("anneal lr-find: --out " + e.getFile() + ": " + e.getReason() + "; choose another folder");
            return 2;
        } catch (NoSuchFileException e) {
            stderr.println("anneal lr-find: no such file: " + e.getFile());
            return 2;
        } catch (IOException | UncheckedIOException e) {
            stderr.println("anneal lr-find: " + e.getMessage());
            return 2;
        }
    }

    private void checkRangeArguments() {
        if (optimizer.lr != null) {
            throw usage("--lr: lr-find chooses the learning rate; give --min-lr and --max-lr instead");
        }
        if (runFolder.resume != null) {
            throw usage("--resume: lr-find starts from a new model; resume with anneal train");
        }
        if (!thenTrain && (runFolder.stopAfter != null || runFolder.logLr)) {
            throw usage("--stop-after and --log-lr apply to --then-train only");
        }
        if (!(minLr > 0 && Double.isFinite(minLr))) {
            throw usage("--min-lr must be a finite number > 0, got " + minLr);
        }
        if (!(maxLr > minLr && Double.isFinite(maxLr))) {
            throw usage("--max-lr must be a finite number > --min-lr (" + minLr + "), got " + maxLr);
        }
        if (steps != null && steps < 2) {
            throw usage("--steps must be >= 2, got " + steps);
        }
    }

    private ParameterException usage(String message) {
        return UserErrors.usage(spec, message);
    }
}
