package dev.anneal.runtime.rangetest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * fastai's rules on a made-up curve (lr doubling from 1e-4; flat and noisy, then falling, then rising).
 * The expected points come from fastai's {@code valley}, {@code steep} and {@code minimum} run in
 * Python on the same numbers, after skipping the first tenth as {@code lr_find} does.
 */
class LrSuggestionsTest {
    static final double[] LOSSES = {1.0, 0.98, 1.01, 0.99, 0.97, 0.975, 0.96, 0.95, 0.90, 0.85, 0.80, 0.70, 0.65, 0.62,
        0.58, 0.57, 0.60, 0.75, 1.2, 2.5};

    static List<LrRangeResult.Point> curve(double... smoothed) {
        List<LrRangeResult.Point> points = new ArrayList<>();
        for (int i = 0; i < smoothed.length; i++) {
            points.add(new LrRangeResult.Point(i, 1e-4 * Math.pow(2, i), smoothed[i], smoothed[i]));
        }
        return points;
    }

    @Test
    void theRulesPickFastaisPoints() {
        List<LrSuggestion> s = LrSuggestions.of(curve(LOSSES), 20);
        assertEquals(List.of(
                new LrSuggestion(LrSuggestion.Kind.VALLEY, 1e-4 * 256, 8, 0.90),
                new LrSuggestion(LrSuggestion.Kind.STEEPEST, 1e-4 * 1024, 10, 0.80),
                new LrSuggestion(LrSuggestion.Kind.MINIMUM_OVER_10, 1e-4 * 32768 / 10, 15, 0.57)), s);
    }

    @Test
    void theRulesReadOnlyUpToTheFirstLossThatIsNotFinite() {
        double[] cut = LOSSES.clone();
        cut[16] = Double.NaN;
        assertEquals(LrSuggestions.of(curve(LOSSES), 20), LrSuggestions.of(curve(cut), 20), "the same points, up to step 15");
        cut[6] = Double.POSITIVE_INFINITY;
        assertEquals(4, LrSuggestions.usable(curve(cut), 20), "steps 2-5");
        assertTrue(LrSuggestions.of(curve(cut), 20).isEmpty(), "fewer than 5 usable points");
    }

    @Test
    void aShortSteadyDescentSuggestsItsFirstPoint() {
        List<LrSuggestion> s = LrSuggestions.of(curve(1.0, 0.9, 0.8, 0.7, 0.6), 5);
        assertEquals(0, s.get(0).step(), "fastai: start -1, then -1 + int(5/3) + int(5/6)");
        assertEquals(1.6e-4, s.get(2).lr(), 1e-18, "a tenth of the minimum's 16e-4");
        assertEquals(4, s.get(2).step(), "the step of the minimum, not the step nearest to a tenth of its lr");
    }
}
