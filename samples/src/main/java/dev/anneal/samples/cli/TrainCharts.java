package dev.anneal.samples.cli;

import dev.anneal.samples.plot.Terminal;
import dev.anneal.samples.plot.TerminalChart;
import dev.anneal.samples.train.EpochRow;
import dev.anneal.samples.train.RunResult;
import java.io.PrintWriter;
import java.util.List;

/**
 * The terminal charts printed after {@code anneal train}: the validation loss (the training loss
 * without validation data) and the learning rate, one point per epoch, x from epoch 0.
 */
final class TrainCharts {
    static final int HEIGHT = 10;

    private TrainCharts() {
    }

    static void print(RunResult run, PrintWriter out) {
        int width = Terminal.columns();
        List<EpochRow> rows = run.rows();
        boolean validation = !Double.isNaN(rows.getFirst().valLoss());
        int epochs = rows.getLast().epoch();
        double[] loss = new double[epochs + 1];
        loss[0] = Double.NaN;
        for (EpochRow row : rows) {
            loss[row.epoch()] = validation ? row.valLoss() : row.trainLoss();
        }
        out.println();
        out.println((validation ? "Validation" : "Training") + " loss by epoch");
        TerminalChart.render(x -> loss[(int) x], epochs + 1, width, HEIGHT).forEach(out::println);
        out.println();
        out.println("Learning rate after each epoch");
        TerminalChart.render(x -> run.lrAfter((int) x), epochs + 1, width, HEIGHT).forEach(out::println);
    }
}
