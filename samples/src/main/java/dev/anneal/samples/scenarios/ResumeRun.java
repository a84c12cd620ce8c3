package dev.anneal.samples.scenarios;

import dev.anneal.samples.train.Experiment;
import dev.anneal.samples.train.RunFiles;
import dev.anneal.samples.train.RunResult;
import dev.anneal.samples.train.TrainingData;
import dev.anneal.samples.train.TrainingSession;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Scenario 6, resuming: {@code anneal train}'s defaults for 10 epochs in one go, against the same run
 * stopped after epoch 5 in a separate process ({@code anneal train --epochs 10 --stop-after 5}, which
 * saves {@code final.ckpt}) and resumed here from that checkpoint. The two histories are identical:
 * losses, accuracies and learning rates, epoch by epoch.
 * <pre>
 * java -jar samples/target/anneal.jar scenario resume
 * </pre>
 */
public final class ResumeRun {
    /** Epochs of the run. */
    public static final int EPOCHS = 10;
    /** The epoch the first process stops after. */
    public static final int STOP_AFTER = 5;

    /**
     * The two runs.
     *
     * @param straight  10 epochs in one go
     * @param resumed   5 epochs in another process, then 5 more here from its checkpoint
     * @param identical whether every row of the two tables is the same
     */
    public record Result(RunResult straight, RunResult resumed, boolean identical) {
    }

    private ResumeRun() {
    }

    public static void main(String[] args) throws Exception {
        Scenarios.main(ResumeRun::run, Scenarios.folder("resume", args));
    }

    /**
     * Runs the three parts, prints both tables and whether they agree, and writes {@code first-5/},
     * {@code straight/} and {@code resumed/} into {@code dir}. The size does not matter: the run is
     * {@code anneal train}'s default.
     */
    public static Result run(Size size, Path dir, PrintStream out) throws Exception {
        TrainingData data = TrainingData.synthetic();
        Experiment experiment = Experiment.defaults().epochs(EPOCHS);

        out.println("1. " + EPOCHS + " epochs in one go (" + experiment.schedule() + ")");
        RunResult straight = TrainingSession.of(experiment, data.split()).table(out).run();
        write(straight, dir.resolve("straight"));

        Path firstHalf = dir.resolve("first-" + STOP_AFTER);
        out.println();
        out.println("2. another process: anneal train --epochs " + EPOCHS + " --stop-after " + STOP_AFTER + " --out "
                + firstHalf.getFileName());
        Scenarios.anneal(out, "train", "--epochs", Integer.toString(EPOCHS), "--stop-after", Integer.toString(STOP_AFTER),
                "--out", firstHalf.toString());

        out.println();
        out.println("3. here again: resume from " + firstHalf.getFileName() + "/final.ckpt");
        RunResult resumed = TrainingSession.of(experiment, data.split()).resume(firstHalf.resolve("final.ckpt"))
                .table(out).run();
        write(resumed, dir.resolve("resumed"));

        boolean identical = Scenarios.identical(straight, resumed);
        out.println();
        out.println(identical
                ? "identical: train loss, val loss, val acc and LR agree exactly in all " + EPOCHS + " epochs"
                : "DIFFERENT: the resumed run does not repeat the uninterrupted one");
        return new Result(straight, resumed, identical);
    }

    private static void write(RunResult run, Path folder) throws IOException {
        Files.createDirectories(folder);
        RunFiles.write(run, folder, false);
    }
}
