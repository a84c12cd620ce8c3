package dev.anneal.runtime.rangetest;

import dev.anneal.Schedule;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What an {@link LrRangeTest} saw: the ramp it ran (a schedule on base {@code minLr}), the loss at
 * every step with its smoothed value, why it stopped early (if it did), and the suggested learning
 * rates.
 *
 * <pre>{@code
 * LrRangeResult r = LrRangeTest.builder(network).optimizer(Optimizer.sgd(0.1).momentum(0.9)).build().run(train);
 * System.out.println(r);                                   // ramp, steps, stop reason, suggestions
 * double lr = r.valley().map(LrSuggestion::lr).orElse(0.01);
 * }</pre>
 *
 * @param ramp         the learning-rate schedule of the test, applied to base {@code minLr}
 * @param minLr        the learning rate of the first step
 * @param maxLr        the learning rate the last planned step would have used
 * @param steps        the planned number of steps
 * @param points       one per step run, in order
 * @param suggestions  valley, steepest and minimum/10 in this order; empty when too few points were usable
 * @param stopReason   why the test stopped before its planned steps (the loss diverged), or null
 * @param noSuggestion why there is no suggestion, or null when there are
 */
public record LrRangeResult(Schedule ramp, double minLr, double maxLr, int steps, List<Point> points,
                            List<LrSuggestion> suggestions, String stopReason, String noSuggestion) {

    /**
     * One step of the test.
     *
     * @param step         the step, from 0
     * @param lr           the learning rate of the update after this batch
     * @param loss         the batch's loss before the update
     * @param smoothedLoss the exponential moving average of the losses so far (beta {@value LrRangeTest#BETA}),
     *                     bias-corrected
     */
    public record Point(int step, double lr, double loss, double smoothedLoss) {
    }

    /** Copies the lists. */
    public LrRangeResult {
        Objects.requireNonNull(ramp, "ramp");
        points = List.copyOf(points);
        suggestions = List.copyOf(suggestions);
    }

    /** The suggestion of rule {@code kind}, if the test gave suggestions. */
    public Optional<LrSuggestion> suggestion(LrSuggestion.Kind kind) {
        return suggestions.stream().filter(s -> s.kind() == kind).findFirst();
    }

    /** fastai's default suggestion: the middle of the longest descent. */
    public Optional<LrSuggestion> valley() {
        return suggestion(LrSuggestion.Kind.VALLEY);
    }

    /** Where the smoothed loss falls fastest against {@code log(lr)}. */
    public Optional<LrSuggestion> steepest() {
        return suggestion(LrSuggestion.Kind.STEEPEST);
    }

    /** A tenth of the learning rate with the lowest smoothed loss. */
    public Optional<LrSuggestion> minimumOver10() {
        return suggestion(LrSuggestion.Kind.MINIMUM_OVER_10);
    }

    /** Whether the test stopped before its planned steps. */
    public boolean stoppedEarly() {
        return stopReason != null;
    }

    /** The ramp in words: {@code exponential(gamma=1.2) on base lr 1e-07: 1e-07 to 10 over 100 steps}. */
    public String rampText() {
        return ramp + " on base lr " + minLr + ": " + minLr + " to " + maxLr + " over " + steps + " steps";
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("LrRangeResult[ramp: ").append(rampText()).append("; ran ")
                .append(points.size()).append(" steps");
        if (stopReason != null) {
            s.append("; stopped: ").append(stopReason);
        }
        for (LrSuggestion g : suggestions) {
            s.append("; ").append(g.kind().label()).append(' ').append(g.lr());
        }
        if (noSuggestion != null) {
            s.append("; ").append(noSuggestion);
        }
        return s.append(']').toString();
    }
}
