package dev.anneal.samples.sweep;

import dev.anneal.runtime.EpochRecord;
import dev.anneal.runtime.sweep.SweepResult;
import dev.anneal.runtime.sweep.TrialOutcome;
import dev.anneal.samples.plot.Charts;
import dev.anneal.samples.plot.LineChart;
import dev.anneal.samples.plot.Series;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The sweep's pictures: {@code val-loss.png/.svg}, the validation loss of every trial by epoch with
 * the best highlighted (the others thin and grey, stopped ones ending at their rung), and
 * {@code lr.png/.svg}, the learning rate of the best three trials by epoch.
 *
 * <pre>{@code
 * List<String> names = SweepCharts.write(result, Path.of("sweeps/a"));
 * }</pre>
 */
public final class SweepCharts {
    /** The files {@link #write} makes. */
    public static final List<String> NAMES = List.of("val-loss.png", "val-loss.svg", "lr.png", "lr.svg");
    private static final int BEST_LR_CURVES = 3;

    private SweepCharts() {
    }

    /** Writes the charts into {@code dir}; returns their names. */
    public static List<String> write(SweepResult result, Path dir) {
        LineChart loss = valLoss(result);
        LineChart lr = lr(result);
        Charts.save(loss, dir.resolve("val-loss.png"));
        Charts.save(loss, dir.resolve("val-loss.svg"));
        Charts.save(lr, dir.resolve("lr.png"));
        Charts.save(lr, dir.resolve("lr.svg"));
        return NAMES;
    }

    private static LineChart valLoss(SweepResult result) {
        List<TrialOutcome> ranked = result.ranked();
        List<Series> series = new ArrayList<>();
        for (int i = ranked.size() - 1; i >= 0; i--) {
            TrialOutcome o = ranked.get(i);
            if (o.epochs().isEmpty()) {
                continue;
            }
            Series line = new Series(i == 0 ? "best: " + label(o) : o.trial().name(), epochs(o),
                    o.epochs().stream().mapToDouble(EpochRecord::valLoss).toArray());
            series.add(i == 0 ? line : line.inBackground());
        }
        return Charts.lines("Validation loss of " + ranked.size() + " trials", "Epoch", "Validation loss", series,
                false);
    }

    private static LineChart lr(SweepResult result) {
        List<Series> series = new ArrayList<>();
        List<TrialOutcome> ranked = result.ranked();
        for (int i = 0; i < Math.min(BEST_LR_CURVES, ranked.size()); i++) {
            TrialOutcome o = ranked.get(i);
            if (o.epochs().isEmpty()) {
                continue;
            }
            double[] lr = o.epochs().stream().mapToDouble(e -> e.lr().values().iterator().next()).toArray();
            series.add(new Series("#" + (i + 1) + " " + label(o), epochs(o), lr).withMarkers());
        }
        return Charts.lines("Learning rate of the best " + series.size() + " trials (after each epoch)", "Epoch",
                "Learning rate", series, false);
    }

    private static String label(TrialOutcome o) {
        return o.trial().name() + " " + o.trial().config().schedule() + ", lr "
                + Leaderboard.number(o.trial().config().lr()) + String.format(Locale.ROOT, " (val acc %.3f)",
                o.valAccuracy());
    }

    private static double[] epochs(TrialOutcome o) {
        return o.epochs().stream().mapToDouble(EpochRecord::epoch).toArray();
    }
}
