package dev.anneal.runtime.rangetest;

import java.util.Locale;

/**
 * A learning rate an {@link LrRangeTest} suggests, with the smoothed loss the test saw there.
 *
 * <pre>{@code
 * LrSuggestion valley = result.valley().orElseThrow();
 * Optimizer sgd = Optimizer.sgd(valley.lr()).momentum(0.9);
 * }</pre>
 *
 * @param kind         which rule chose it
 * @param lr           the suggested learning rate
 * @param step         the test's step the rule chose: its learning rate is {@code lr} (valley, steepest), or
 *                     for minimum/10 ten times {@code lr}: the step with the lowest smoothed loss
 * @param smoothedLoss the smoothed loss at that step
 */
public record LrSuggestion(Kind kind, double lr, int step, double smoothedLoss) {

    /** The rules, as fastai names them. */
    public enum Kind {
        /** The middle of the longest descending stretch of the smoothed loss (fastai's {@code valley}, its default). */
        VALLEY,
        /** Where the smoothed loss falls fastest against {@code log(lr)} (fastai's {@code steep}). */
        STEEPEST,
        /** A tenth of the learning rate with the lowest smoothed loss (fastai's {@code minimum}). */
        MINIMUM_OVER_10;

        /** {@code valley}, {@code steepest}, {@code minimum_over_10}: the keys of {@code lr-find.json}. */
        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** {@code valley}, {@code steepest}, {@code minimum/10}: the names people read. */
        public String label() {
            return this == MINIMUM_OVER_10 ? "minimum/10" : key();
        }
    }
}
