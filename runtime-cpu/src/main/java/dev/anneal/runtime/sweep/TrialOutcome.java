package dev.anneal.runtime.sweep;

import dev.anneal.runtime.EpochRecord;
import dev.anneal.runtime.Metric;
import java.nio.file.Path;
import java.util.List;

/**
 * How a trial of a sweep ended: its history (the epochs it ran), whether it finished, was stopped
 * at a halving rung, or failed.
 *
 * <pre>{@code
 * TrialOutcome best = result.best();
 * best.valAccuracy();   // at its last epoch
 * best.stoppedAt();     // 0: ran all its epochs; otherwise the rung (epoch) where halving stopped it
 * }</pre>
 *
 * @param trial     the trial
 * @param folder    its run folder
 * @param status    {@code finished}, {@code stopped} (at a rung), {@code diverged} or {@code failed}
 * @param stoppedAt the rung's epoch for a stopped trial, otherwise 0
 * @param epochs    the epochs it ran
 * @param error     why it diverged or failed, or null
 */
public record TrialOutcome(Trial trial, Path folder, String status, int stoppedAt, List<EpochRecord> epochs,
                           String error) {

    /** Copies the epochs. */
    public TrialOutcome {
        epochs = List.copyOf(epochs);
    }

    /** The epochs it ran. */
    public int epochsRun() {
        return epochs.size();
    }

    /** The validation loss at its last epoch (NaN when it has none). */
    public double valLoss() {
        return epochs.isEmpty() ? Double.NaN : epochs.get(epochs.size() - 1).valLoss();
    }

    /** The validation accuracy at its last epoch (NaN when it has none). */
    public double valAccuracy() {
        return epochs.isEmpty() ? Double.NaN : epochs.get(epochs.size() - 1).valAccuracy();
    }

    /** {@code metric} at its last epoch, or the worst value when it failed. */
    double score(Metric metric) {
        boolean bad = status.equals("diverged") || status.equals("failed") || epochs.isEmpty()
                || Double.isNaN(metric.of(epochs.get(epochs.size() - 1)));
        if (bad) {
            return metric.higherIsBetter() ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        return metric.of(epochs.get(epochs.size() - 1));
    }
}
