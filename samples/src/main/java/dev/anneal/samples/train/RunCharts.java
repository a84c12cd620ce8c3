package dev.anneal.samples.train;

import dev.anneal.samples.plot.Charts;
import dev.anneal.samples.plot.Series;
import java.util.List;
import dev.anneal.samples.plot.LineChart;

/** The charts of a training run: learning rate per step, losses and accuracy per epoch. */
public final class RunCharts {
    private RunCharts() {
    }

    /** The learning rate of every step, against the epoch (fractional within an epoch). */
    public static LineChart lr(RunResult run, boolean log) {
        double[] lr = run.stepLrs();
        double[] x = new double[lr.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = (double) i / run.stepsPerEpoch();
        }
        String name = run.experiment().schedule() + ", base " + EpochTable.lr(run.experiment().baseLr());
        return Charts.lines("Learning rate", "epoch", "learning rate", List.of(new Series(name, x, lr)), log);
    }

    /** Training and validation loss per epoch. */
    public static LineChart loss(RunResult run) {
        double[] x = epochs(run);
        double[] train = run.rows().stream().mapToDouble(EpochRow::trainLoss).toArray();
        double[] val = run.rows().stream().mapToDouble(EpochRow::valLoss).toArray();
        return Charts.lines("Loss", "epoch", "mean loss", List.of(
                new Series("training loss", x, train).withMarkers(),
                new Series("validation loss", x, val).withMarkers()), false);
    }

    /** Validation accuracy per epoch. */
    public static LineChart accuracy(RunResult run) {
        double[] x = epochs(run);
        double[] acc = run.rows().stream().mapToDouble(EpochRow::valAccuracy).toArray();
        return Charts.lines("Validation accuracy", "epoch", "accuracy",
                List.of(new Series("validation accuracy", x, acc).withMarkers()), false);
    }

    private static double[] epochs(RunResult run) {
        return run.rows().stream().mapToDouble(EpochRow::epoch).toArray();
    }
}
