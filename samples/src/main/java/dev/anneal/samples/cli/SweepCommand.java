package dev.anneal.samples.cli;

import dev.anneal.runtime.Mlp;
import dev.anneal.runtime.RunFolderConflictException;
import dev.anneal.runtime.sweep.Halving;
import dev.anneal.runtime.sweep.SearchSpace;
import dev.anneal.runtime.sweep.Sweep;
import dev.anneal.runtime.sweep.SweepResult;
import dev.anneal.runtime.sweep.SweepSpec;
import dev.anneal.runtime.sweep.TrialOutcome;
import dev.anneal.runtime.sweep.TrialRunner;
import dev.anneal.samples.report.ReportPage;
import dev.anneal.samples.sweep.Leaderboard;
import dev.anneal.samples.sweep.SessionTrials;
import dev.anneal.samples.sweep.SweepCharts;
import dev.anneal.samples.sweep.SweepProgress;
import dev.anneal.samples.train.TrainingData;
import dev.anneal.spark.SparkTrialRunner;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code anneal sweep}: trains one MLP per point of a search space (schedules with holes, learning
 * rates, optimizers, weight decays, batch sizes, seeds), in parallel, optionally stopping the worse
 * trials early by successive halving; prints a leaderboard and writes {@code sweep.csv},
 * {@code sweep.json}, charts, {@code best.ckpt} and a folder per trial.
 * <pre>{@code
 * anneal sweep --schedule 'warmup({w}) then cosine()' --hole 'w in [0, 2.epochs]' --lr 0.03,0.1 \
 *              --seeds 1,2 --epochs 20 --parallel 2 --halving eta=3,min-epochs=2 --out sweeps/a
 * }</pre>
 * Exit codes: 0 done, 2 bad input (nothing written).
 */
@Command(name = "sweep",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Trains a trial per point of a search space, in parallel, and ranks them: a line per finished trial, "
                    + "a leaderboard, sweep.csv, sweep.json, val-loss.png/.svg, lr.png/.svg, best.ckpt (the best "
                    + "trial's final.ckpt) and trials/trial-NNN (run.json, epochs.jsonl, history.csv, a checkpoint at "
                    + "each rung it stopped at, final.ckpt when it finished; --trial-charts adds a run's charts).",
            "A schedule may have holes {name}, filled from --hole 'name in [v1, v2]'. With --halving, the worse "
                    + "trials stop at rungs (min-epochs, min-epochs*eta, ...): only the best 1/eta of a rung go on. "
                    + "Results do not depend on --parallel.",
            "A killed sweep continues when the same command runs again: what the trial folders hold is not run again.",
            "Without --data it trains on the embedded synthetic set (1000 rows x 20 features, 800 train / 200 validation)."
        },
        footer = {
            "%nExamples:",
            "  anneal sweep --schedule 'warmup(2.epochs) then cosine()' \\",
            "               --schedule 'CosineAnnealingLR(T_max=20)' \\",
            "               --lr 0.01,0.1 --seeds 1,2 --out sweeps/a",
            "  anneal sweep --schedule 'warmup({w}) then cosine(etaMin={eta})' \\",
            "               --hole 'w in [0, 2.epochs, 5.epochs]' --hole 'eta in [0, 1e-4]' \\",
            "               --lr 0.03,0.1 --halving eta=3,min-epochs=2 --out sweeps/b",
            "  anneal sweep --spec sweep.yaml --out sweeps/c",
            "  spark-submit --class dev.anneal.samples.cli.Anneal anneal.jar \\",
            "               sweep --spark spark://host:7077 --workers 8 \\",
            "               --spec sweep.yaml --out sweeps/d"
        })
final class SweepCommand implements Callable<Integer> {
    /** More trials than this need --yes. */
    static final int CONFIRM_ABOVE = 10_000;
    private static final int LEADERBOARD_ROWS = 20;

    @Spec
    CommandSpec spec;

    @Option(names = "--schedule", paramLabel = "TEXT",
            description = "A schedule to try, with optional holes {name} (repeatable).")
    List<String> schedules = new ArrayList<>();

    @Option(names = "--hole", paramLabel = "'NAME in [V, ...]'",
            description = "The values of a hole, e.g. 'w in [0, 2.epochs, 5.epochs]' (repeatable).")
    List<String> holes = new ArrayList<>();

    @Option(names = "--lr", paramLabel = "X,Y|MIN..MAX",
            description = "Base learning rates, or a log-uniform range MIN..MAX (with --random). Default 0.1.")
    String lr;

    @Option(names = "--optimizer", paramLabel = "NAMES", split = ",",
            description = "Optimizers: sgd (momentum 0.9), adam, adamw. Default sgd.")
    List<String> optimizers;

    @Option(names = "--weight-decay", paramLabel = "W", split = ",", description = "Weight decays. Default 0.")
    List<Double> weightDecays;

    @Option(names = "--batch", paramLabel = "N", split = ",", description = "Batch sizes. Default 32.")
    List<Integer> batches;

    @Option(names = "--seeds", paramLabel = "N", split = ",", description = "Seeds. Default 1.")
    List<Long> seeds;

    @Option(names = "--epochs", paramLabel = "N", description = "Epochs of a full trial. Default 20.")
    Integer epochs;

    @Option(names = "--random", paramLabel = "N", description = "Draw N trials at random instead of the grid.")
    Integer random;

    @Option(names = "--search-seed", paramLabel = "S", defaultValue = "0",
            description = "The seed of --random. Default ${DEFAULT-VALUE}.")
    long searchSeed;

    @Option(names = "--parallel", paramLabel = "N",
            description = "Trials at once, each on one thread. Default: the cores.")
    Integer parallel;

    @Option(names = "--halving", paramLabel = "eta=3,min-epochs=2",
            description = "Successive halving: eta, min-epochs, metric=val_loss|val_accuracy.")
    String halving;

    @Option(names = "--spec", paramLabel = "FILE", description = "A sweep file (JSON, or YAML for .yaml/.yml).")
    Path specFile;

    @Mixin
    DataOptions data;

    @Mixin
    ModelOptions model;

    @Option(names = "--out", paramLabel = "DIR", required = true, description = "The sweep's folder.")
    Path out;

    @Option(names = "--yes", description = "Run more than " + CONFIRM_ABOVE + " trials.")
    boolean yes;

    @Option(names = "--trial-charts",
            description = "Also draw each trial's own charts (lr, loss, accuracy) and history.json in its folder, "
                    + "as 'anneal train' does. By default a trial folder holds what resuming and the leaderboard "
                    + "need, and the charts are the sweep's.")
    boolean trialCharts;

    @Option(names = "--spark", paramLabel = "MASTER",
            description = "Run the trials on Apache Spark, one Spark task per trial and rung: MASTER is a Spark master "
                    + "URL (local[N], spark://host:port). The trial folders stay here. The launcher (bin/anneal, "
                    + "./build.sh anneal) brings Spark; on a cluster, run the tool with spark-submit (README, More than "
                    + "one machine).")
    String sparkMaster;

    @Option(names = "--workers", paramLabel = "N",
            description = "With --spark: trials at once (default: the cluster's cores).")
    Integer workers;

    @Override
    public Integer call() {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter stderr = spec.commandLine().getErr();
        try {
            SweepSpec file = specFile == null ? null : SweepSpec.read(specFile);
            SearchSpace space = space(file);
            if (space.size() > CONFIRM_ABOVE && !yes) {
                stderr.println("anneal sweep: " + space.size() + " trials is more than " + CONFIRM_ABOVE
                        + "; narrow the space or add --yes");
                return 2;
            }
            Halving halvingRule = halving != null ? Halving.parse(halving) : file == null ? null : file.halving();
            checkSparkOptions();
            int local = parallel != null ? parallel : Runtime.getRuntime().availableProcessors();
            UserErrors.requirePositive(spec, "--parallel", local);
            TrainingData trainingData = data.read(1);
            space.checkFits(trainingData.split().train().rows());
            Mlp mlp = model.mlp(trainingData);
            if (sparkMaster != null) {
                SparkOnClassPath.require("sweep");
            }
            SweepProgress progress = SweepProgress.to(stdout);
            try (TrialRunner runner = sparkMaster == null ? TrialRunner.local(local) : connectSpark()) {
                Sweep sweep = Sweep.builder(space).trainer(SessionTrials.of(mlp, trainingData.split(), trialCharts))
                        .runner(runner).halving(halvingRule).out(out).listener(progress).build();
                sweep.checkOut();
                stdout.println(trainingData.description());
                stdout.println("model: " + mlp);
                stdout.println("sweep: " + space.size() + " trials (" + (space.isRandom() ? "random" : "grid") + "), "
                        + space.epochs() + " epochs each, " + runner.workers() + " at once"
                        + (halvingRule == null ? "" : ", halving " + halvingRule + " (rungs at epochs "
                        + halvingRule.rungs(space.epochs()).stream().map(String::valueOf)
                                .collect(Collectors.joining(", ")) + ")"));
                if (sparkMaster != null) {
                    stdout.println("spark: " + sparkMaster + ", a Spark task per trial and rung, the trial folders here");
                }
                stdout.println();
                stdout.flush();
                SweepResult result;
                try {
                    result = sweep.run();
                } finally {
                    progress.close();
                }
                result.write(out);
                List<String> charts = SweepCharts.write(result, out);
                ReportPage.writeInto(out);
                stdout.println();
                Leaderboard.print(result, LEADERBOARD_ROWS, stdout);
                stdout.println();
                TrialOutcome best = result.best();
                stdout.println(String.format(Locale.ROOT, "best: %s, %s, lr %s (val loss %.4f, val acc %.4f)",
                        best.trial().name(), best.trial().config().schedule(),
                        best.trial().config().lr(), best.valLoss(), best.valAccuracy()));
                stdout.println(String.format(Locale.ROOT, "epochs run: %d of %d (%.0f%%)", result.epochsRun(),
                        result.epochsFull(), 100.0 * result.epochsRun() / result.epochsFull()));
                stdout.println("wrote " + out + ": sweep.csv, sweep.json, " + String.join(", ", charts)
                        + ", best.ckpt, plan.json, " + ReportPage.NAME + ", trials/");
                stdout.flush();
            }
            return 0;
        } catch (RunFolderConflictException e) {
            stderr.println("anneal sweep: --out " + out + ": a trial folder: " + e.getMessage());
            return 2;
        } catch (IllegalArgumentException e) {
            stderr.println("anneal sweep: " + e.getMessage());
            return 2;
        } catch (NoSuchFileException e) {
            stderr.println("anneal sweep: no such file: " + e.getFile());
            return 2;
        } catch (IOException | UncheckedIOException e) {
            stderr.println("anneal sweep: " + e.getMessage());
            return 2;
        }
    }

    /** --workers goes with --spark, --parallel without. */
    private void checkSparkOptions() {
        if (sparkMaster == null && workers != null) {
            throw usage("--workers goes with --spark MASTER (without Spark: --parallel N)");
        }
        if (sparkMaster != null && parallel != null) {
            throw usage("--parallel goes without --spark (on Spark: --workers N)");
        }
        if (workers != null) {
            UserErrors.requirePositive(spec, "--workers", workers);
        }
    }

    /** The trials' runner on --spark MASTER; an error names the option. */
    private TrialRunner connectSpark() {
        try {
            return SparkTrialRunner.connect(sparkMaster, workers != null ? workers : 0);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--spark " + e.getMessage(), e);
        }
    }

    private SearchSpace space(SweepSpec file) {
        SearchSpace.Builder b = SearchSpace.builder();
        if (file != null) {
            if (!schedules.isEmpty() && !file.schedules().isEmpty()) {
                throw usage("give the schedules in the sweep file or with --schedule, not both");
            }
            file.space(b);
        } else if (schedules.isEmpty()) {
            throw usage("give at least one --schedule (or a --spec file)");
        }
        b.schedule(schedules.toArray(String[]::new));
        for (String h : holes) {
            hole(b, h);
        }
        if (lr != null) {
            lrs(b, lr);
        }
        if (optimizers != null) {
            b.optimizers(optimizers.toArray(String[]::new));
        }
        if (weightDecays != null) {
            b.weightDecays(weightDecays.stream().mapToDouble(Double::doubleValue).toArray());
        }
        if (batches != null) {
            batches.forEach(n -> UserErrors.requirePositive(spec, "--batch", n));
            b.batchSizes(batches.stream().mapToInt(Integer::intValue).toArray());
        }
        if (seeds != null) {
            b.seeds(seeds.stream().mapToLong(Long::longValue).toArray());
        }
        if (epochs != null) {
            UserErrors.requirePositive(spec, "--epochs", epochs);
            b.epochs(epochs);
        }
        if (random != null) {
            UserErrors.requirePositive(spec, "--random", random);
            b.random(random, searchSeed);
        }
        model.check(spec);
        return b.build();
    }

    /** {@code name in [v1, v2]}: the values split at the commas outside brackets and parentheses. */
    private void hole(SearchSpace.Builder b, String text) {
        int in = text.indexOf(" in ");
        String values = in < 0 ? "" : text.substring(in + 4).trim();
        if (in < 0 || !values.startsWith("[") || !values.endsWith("]")) {
            throw usage("--hole must read 'NAME in [V1, V2, ...]', got '" + text + "'");
        }
        List<String> list = new ArrayList<>();
        String inner = values.substring(1, values.length() - 1);
        int depth = 0;
        StringBuilder cur = new StringBuilder();
        for (char ch : inner.toCharArray()) {
            if (ch == ',' && depth == 0) {
                list.add(cur.toString().trim());
                cur.setLength(0);
                continue;
            }
            depth += ch == '(' || ch == '[' ? 1 : ch == ')' || ch == ']' ? -1 : 0;
            cur.append(ch);
        }
        if (!cur.toString().isBlank()) {
            list.add(cur.toString().trim());
        }
        b.hole(text.substring(0, in).trim(), list);
    }

    private void lrs(SearchSpace.Builder b, String text) {
        try {
            int range = text.indexOf("..");
            if (range >= 0) {
                b.lrLogUniform(Double.parseDouble(text.substring(0, range)), Double.parseDouble(text.substring(range + 2)));
                return;
            }
            String[] parts = text.split(",");
            double[] values = new double[parts.length];
            for (int i = 0; i < parts.length; i++) {
                values[i] = Double.parseDouble(parts[i].trim());
            }
            b.lrs(values);
        } catch (NumberFormatException e) {
            throw usage("--lr must be numbers (0.01,0.1) or a range (1e-3..1), got '" + text + "'");
        }
    }

    private ParameterException usage(String message) {
        return UserErrors.usage(spec, message);
    }
}
