package dev.anneal.runtime;

/**
 * A number the trainer records at each epoch's end, to monitor for plateau schedules and early
 * stopping.
 *
 * <pre>{@code
 * trainer.monitor(Metric.VAL_ACCURACY);   // with Schedule.plateau().mode(Plateau.Mode.MAX)
 * }</pre>
 */
public enum Metric {
    /** Mean training loss over the epoch's rows. */
    TRAIN_LOSS,
    /** Mean validation loss. */
    VAL_LOSS,
    /** Fraction of validation rows classified right. */
    VAL_ACCURACY;

    /** This metric's value in {@code epoch}. */
    public double of(EpochRecord epoch) {
        return switch (this) {
            case TRAIN_LOSS -> epoch.trainLoss();
            case VAL_LOSS -> epoch.valLoss();
            case VAL_ACCURACY -> epoch.valAccuracy();
        };
    }

    /** Whether a higher value is better (accuracy) rather than lower (losses). */
    public boolean higherIsBetter() {
        return this == VAL_ACCURACY;
    }
}
