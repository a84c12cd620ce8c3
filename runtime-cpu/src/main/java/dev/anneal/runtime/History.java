package dev.anneal.runtime;

import java.util.List;

/**
 * A training run's record: one entry per epoch, and one per step when asked for.
 *
 * <pre>{@code
 * History h = trainer.fit(split);
 * double best = h.epochs().stream().mapToDouble(EpochRecord::valAccuracy).max().orElse(0);
 * }</pre>
 *
 * @param epochs per-epoch records, in order
 * @param steps  per-step records, in order (empty unless recorded)
 */
public record History(List<EpochRecord> epochs, List<StepRecord> steps) implements java.io.Serializable {
    private static final long serialVersionUID = 1L;

    /** Copies the lists. */
    public History {
        epochs = List.copyOf(epochs);
        steps = List.copyOf(steps);
    }

    /** The last epoch's record. @throws IllegalStateException when no epoch has run */
    public EpochRecord last() {
        if (epochs.isEmpty()) {
            throw new IllegalStateException("no epoch has run yet");
        }
        return epochs.get(epochs.size() - 1);
    }
}
