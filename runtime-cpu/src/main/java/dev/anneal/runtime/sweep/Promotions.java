package dev.anneal.runtime.sweep;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The halving decisions, made so that they depend on the rung results only, never on the order in
 * which they arrive. Each rung keeps the trials in the order they entered it (rung 0: trial
 * number; a later rung: the order of their promotions, which is itself fixed). A rung reads its
 * results in that order: for each {@code m}, once the first {@code m} entrants all have results,
 * the best {@code floor(m / eta)} of them are promoted (those not promoted yet, best first), so a
 * trial promoted at some {@code m} stays promoted. A rung that is complete (it and every rung
 * before it have all their results) without having promoted anyone promotes its best, so that at
 * least one trial runs all its epochs however few trials reach the upper rungs. A result that
 * arrives before an earlier entrant's is held until that one arrives; the worker meanwhile takes
 * other work, so no worker waits for a rung. This is ASHA's rule (promote what is in the top
 * {@code 1/eta} of the results so far) with "so far" measured in entry order instead of time.
 *
 * <p>A trial with no result (it failed) counts as the worst and is never promoted. A trial is stopped at a rung once that
 * rung and every rung before it have all their results and it was not promoted.
 */
final class Promotions {
    private final int eta;
    private final int rungs;
    private final boolean lowerIsBetter;
    private final List<List<Integer>> entrants = new ArrayList<>();
    private final List<Map<Integer, Double>> results = new ArrayList<>();
    private final List<Set<Integer>> promoted = new ArrayList<>();
    private final int[] read;

    /** Decisions over {@code rungs} rungs (the last is the end) for {@code trials} trials numbered 1..trials. */
    Promotions(int eta, int rungs, boolean lowerIsBetter, int trials) {
        this.eta = eta;
        this.rungs = rungs;
        this.lowerIsBetter = lowerIsBetter;
        this.read = new int[rungs];
        for (int r = 0; r < rungs; r++) {
            entrants.add(new ArrayList<>());
            results.add(new HashMap<>());
            promoted.add(new HashSet<>());
        }
        for (int t = 1; t <= trials; t++) {
            entrants.get(0).add(t);
        }
    }

    /** A trial going on to a rung. */
    record Promotion(int trial, int rung) {
    }

    /** Records {@code trial}'s result at {@code rung}; returns the promotions this makes, in order. */
    List<Promotion> report(int rung, int trial, double value) {
        results.get(rung).put(trial, Double.isNaN(value) ? worst() : value);
        List<Integer> in = entrants.get(rung);
        Map<Integer, Double> res = results.get(rung);
        List<Promotion> now = new ArrayList<>();
        while (read[rung] < in.size() && res.containsKey(in.get(read[rung]))) {
            read[rung]++;
            if (rung < rungs - 1) {
                promote(rung, read[rung] / eta, now);
            }
        }
        for (int r = 0; r < rungs - 1 && complete(r); r++) {
            if (promoted.get(r).isEmpty()) {
                promote(r, 1, now);
            }
        }
        return now;
    }

    private boolean complete(int rung) {
        return read[rung] == entrants.get(rung).size();
    }

    /** Promotes the best {@code quota} of the entrants read so far, adding the new ones to {@code now}. */
    private void promote(int rung, int quota, List<Promotion> now) {
        List<Integer> in = entrants.get(rung);
        Map<Integer, Double> res = results.get(rung);
        List<Integer> ranked = new ArrayList<>(in.subList(0, read[rung]));
        Comparator<Integer> byValue = Comparator.comparingDouble(res::get);
        ranked.sort(lowerIsBetter ? byValue : byValue.reversed());
        for (int i = 0; i < quota; i++) {
            int t = ranked.get(i);
            if (!Double.isFinite(res.get(t))) {
                break;
            }
            if (promoted.get(rung).add(t)) {
                entrants.get(rung + 1).add(t);
                now.add(new Promotion(t, rung + 1));
            }
        }
    }

    /** The trials stopped for good at {@code rung}: it and all rungs before are complete; empty otherwise. */
    List<Integer> stoppedAt(int rung) {
        for (int r = 0; r <= rung; r++) {
            if (!complete(r)) {
                return List.of();
            }
        }
        List<Integer> stopped = new ArrayList<>();
        for (int t : entrants.get(rung)) {
            if (!promoted.get(rung).contains(t)) {
                stopped.add(t);
            }
        }
        return stopped;
    }

    /** How many rungs there are (the last is the trials' end). */
    int rungs() {
        return rungs;
    }

    private double worst() {
        return lowerIsBetter ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
    }
}
