package dev.anneal.runtime.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PromotionsTest {
    /** Rung-0 values of trials 1..6 (lower is better). */
    private static final double[] VALUES = {5, 4, 3, 2, 1, 0};
    private static final double[] MIXED = {3, 1, 4, 1.5, 9, 2};

    @Test
    void promotedTrialsGoOnInTheOrderOfTheirPromotion() {
        Promotions p = new Promotions(2, 3, true, 6);
        List<Integer> promoted = new ArrayList<>();
        for (int t : new int[] {6, 5, 4, 3, 2, 1}) {
            p.report(0, t, MIXED[t - 1]).forEach(x -> promoted.add(x.trial()));
        }
        // m=2: trial 2 (1 < 3); m=4: 2 and 4; m=6: 2, 4, 6
        assertEquals(List.of(2, 4, 6), promoted);
        // rung 1 reads 2, 4, 6 in that order: m=2 promotes the better of 2 and 4
        assertEquals(List.of(), p.report(1, 4, 0.5));
        assertEquals(List.of(new Promotions.Promotion(4, 2)), p.report(1, 2, 0.7));
        assertEquals(List.of(1, 3, 5), p.stoppedAt(0));
    }

    private static List<Integer> feed(int... order) {
        Promotions p = new Promotions(3, 2, true, 6);
        List<Integer> promoted = new ArrayList<>();
        for (int t : order) {
            p.report(0, t, VALUES[t - 1]).forEach(x -> promoted.add(x.trial()));
        }
        return promoted;
    }

    @Test
    void decisionsFollowTrialOrderWhateverOrderTheResultsArriveIn() {
        // after trials 1-3 the best third of (5, 4, 3) is trial 3; after 1-4, trial 4; after 1-5, trial 5;
        // after 1-6 the best two, trials 6 and 5 (5 already promoted)
        assertEquals(List.of(3, 4, 5, 6), feed(1, 2, 3, 4, 5, 6));
        assertEquals(List.of(3, 4, 5, 6), feed(6, 5, 4, 3, 2, 1));
        assertEquals(List.of(3, 4, 5, 6), feed(2, 4, 6, 1, 3, 5));
    }

    @Test
    void aTrialIsStoppedOnlyWhenItsRungIsComplete() {
        Promotions p = new Promotions(3, 3, true, 6);
        for (int t = 1; t <= 5; t++) {
            p.report(0, t, VALUES[t - 1]);
        }
        assertEquals(List.of(), p.stoppedAt(0));
        p.report(0, 6, VALUES[5]);
        assertEquals(List.of(1, 2), p.stoppedAt(0));
        assertEquals(List.of(), p.stoppedAt(1));
    }

    @Test
    void aCompleteRungThatPromotedNobodyPromotesItsBest() {
        Promotions p = new Promotions(3, 3, true, 2);
        assertEquals(List.of(), p.report(0, 2, 0.4));
        // two results: floor(2 / 3) = 0, but the rung is complete
        assertEquals(List.of(new Promotions.Promotion(2, 1)), p.report(0, 1, 0.9));
        assertEquals(List.of(new Promotions.Promotion(2, 2)), p.report(1, 2, 0.3));
        assertEquals(List.of(1), p.stoppedAt(0));
    }

    @Test
    void aFailedTrialIsNeverPromoted() {
        Promotions p = new Promotions(2, 2, true, 2);
        p.report(0, 1, Double.NaN);
        assertEquals(List.of(), p.report(0, 2, Double.NaN));
        assertEquals(List.of(1, 2), p.stoppedAt(0));
    }
}
