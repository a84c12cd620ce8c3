package dev.anneal.runtime;

import java.util.Locale;

/**
 * Stops training when a metric has not improved by more than {@code minDelta} for {@code patience}
 * epochs in a row.
 *
 * <pre>{@code
 * trainer = Trainer.builder(mlp)...listener(new EarlyStopping(Metric.VAL_LOSS, 5, 1e-4)).build();
 * }</pre>
 */
public final class EarlyStopping implements TrainingListener {
    private final Metric metric;
    private final int patience;
    private final double minDelta;
    private double best = Double.NaN;
    private int bestEpoch;
    private int bad;

    /** Watches {@code metric}; {@code patience >= 1} epochs, {@code minDelta >= 0}. */
    public EarlyStopping(Metric metric, int patience, double minDelta) {
        if (patience < 1 || !(minDelta >= 0)) {
            throw new IllegalArgumentException("early stopping: patience must be >= 1 and minDelta >= 0, got "
                    + patience + " and " + minDelta);
        }
        this.metric = metric;
        this.patience = patience;
        this.minDelta = minDelta;
    }

    @Override
    public void onEpochEnd(EpochRecord epoch, Trainer trainer) {
        if (observe(epoch)) {
            trainer.stop(String.format(Locale.ROOT, "early stopping: %s has not improved on %.6g (epoch %d) for %d epoch(s)",
                    metric.name().toLowerCase(Locale.ROOT), best, bestEpoch, patience));
        }
    }

    /** Replays the restored epochs, so a resumed run stops where an uninterrupted one would. */
    @Override
    public void onResume(ResumePoint point, Trainer trainer) {
        for (EpochRecord e : point.restored()) {
            observe(e);
        }
    }

    /** Whether {@code epoch} ends the patience. */
    private boolean observe(EpochRecord epoch) {
        double v = metric.of(epoch);
        boolean better = Double.isNaN(best)
                || (metric.higherIsBetter() ? v > best + minDelta : v < best - minDelta);
        if (better) {
            best = v;
            bestEpoch = epoch.epoch();
            bad = 0;
            return false;
        }
        return ++bad >= patience;
    }
}
