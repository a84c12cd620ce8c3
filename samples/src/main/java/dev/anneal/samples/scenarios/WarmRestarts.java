package dev.anneal.samples.scenarios;

import dev.anneal.Clock;
import dev.anneal.ScheduleGraph;
import dev.anneal.runtime.Activation;
import dev.anneal.runtime.Mlp;
import dev.anneal.runtime.Optimizer;
import dev.anneal.runtime.Split;
import dev.anneal.samples.plot.Charts;
import dev.anneal.samples.plot.Series;
import dev.anneal.samples.train.EpochTable;
import dev.anneal.samples.train.Experiment;
import dev.anneal.samples.train.RunFiles;
import dev.anneal.samples.train.RunResult;
import dev.anneal.samples.train.TrainingSession;
import dev.anneal.torch.CosineAnnealingWarmRestarts;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Scenario 4, cosine annealing with warm restarts: {@code CosineAnnealingWarmRestarts(T_0=50, T_mult=2,
 * eta_min=1e-5)} over 350 epochs, drawn (cycles of 50, 100 and 200 epochs, restarts at 50 and 150),
 * then the same shape ten times shorter, {@code T_0=5}, in a 35-epoch training run (restarts after
 * epochs 5 and 15). Natively: {@code cosineRestarts(t0=50, tMult=2, etaMin=1e-5).perEpoch()}.
 * <pre>
 * java -jar samples/target/anneal.jar scenario warm-restarts
 * </pre>
 */
public final class WarmRestarts {
    /** Epochs of the drawn schedule. */
    public static final int PLOT_EPOCHS = 350;

    /**
     * The drawn schedule's values and the training run.
     *
     * @param lr  the learning rate at epochs 0..{@value #PLOT_EPOCHS}, base 0.1
     * @param run the short training run
     */
    public record Result(double[] lr, RunResult run) {
    }

    private WarmRestarts() {
    }

    public static void main(String[] args) throws Exception {
        Scenarios.main(WarmRestarts::run, Scenarios.folder("warm-restarts", args));
    }

    /** Draws {@code restarts.png}, trains, prints the table and writes the run's files into {@code dir}. */
    public static Result run(Size size, Path dir, PrintStream out) throws Exception {
        CosineAnnealingWarmRestarts restarts = new CosineAnnealingWarmRestarts(50, 2, 1e-5);
        ScheduleGraph graph = restarts.compile(Clock.totalSteps(PLOT_EPOCHS));
        double[] epochs = new double[PLOT_EPOCHS + 1];
        double[] lr = new double[PLOT_EPOCHS + 1];
        for (int e = 0; e <= PLOT_EPOCHS; e++) {
            epochs[e] = e;
            lr[e] = graph.lr(e, 0.1);
        }
        out.println(restarts + " over " + PLOT_EPOCHS + " epochs, base lr 0.1:");
        for (int e : new int[] {0, 25, 49, 50, 100, 149, 150, 250, 349, 350}) {
            out.printf(Locale.ROOT, "  epoch %3d: %s%n", e, EpochTable.lr(lr[e]));
        }
        out.println();
        Charts.save(Charts.lines("Cosine annealing with warm restarts", "epoch", "learning rate",
                List.of(new Series(restarts.toString(), epochs, lr)), false), dir.resolve("restarts.png"));

        Split data = Scenarios.data(size, 20);
        Experiment experiment = new Experiment(
                Mlp.input(20).dense(64, Activation.RELU).dense(2),
                Optimizer.sgd(0.1).momentum(0.9),
                new CosineAnnealingWarmRestarts(5, 2, 1e-5).perEpoch(),
                32, 35, 1);
        Scenarios.header(out, "Warm restarts in training: T_0=5, T_mult=2, one scheduler step per epoch",
                experiment, data);
        RunResult run = TrainingSession.of(experiment, data).table(out).run();
        RunFiles.write(run, dir, false);
        return new Result(lr, run);
    }
}
