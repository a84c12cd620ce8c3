package dev.anneal.runtime.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.anneal.runtime.EpochRecord;
import dev.anneal.runtime.History;
import dev.anneal.runtime.Metric;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sweep with halving, end to end, on a trainer whose validation loss is a known function of the
 * learning rate: the distance of {@code log10(lr)} from {@code log10(0.05)}, shrinking with the epochs
 * (and, at epoch 1, noise that reorders two trials, so that the rungs do not simply repeat epoch
 * one). Exactly the trials ASHA's rule in entry order names reach each rung: once the first m
 * entrants of a rung have results, the best floor(m / 3) of them go on (and stay promoted).
 */
class PromotionsEndToEndTest {
    private static final double[] LRS = {0.001, 0.003, 0.01, 0.02, 0.05, 0.1, 0.3, 1.0, 3.0};

    @TempDir
    Path tmp;

    /** The validation loss of learning rate {@code lr} after {@code epoch} epochs. */
    private static double valLoss(double lr, int epoch) {
        double distance = Math.abs(Math.log10(lr) - Math.log10(0.05));
        double early = epoch == 1 && (lr == 0.02 || lr == 0.3) ? -0.5 : 0;   // two trials that look better at first
        return 0.1 + distance + early + 1.0 / epoch;
    }

    @Test
    void exactlyTheTrialsAshasRuleNamesReachEachRungWhateverTheWorkers() throws Exception {
        for (int workers : new int[] {1, 3}) {
            Map<Integer, TreeSet<String>> reached = new TreeMap<>();
            TrialTrainer known = task -> {
                double lr = task.trial().config().lr();
                synchronized (reached) {
                    reached.computeIfAbsent(task.untilEpoch(), k -> new TreeSet<>()).add(task.trial().name());
                }
                List<EpochRecord> epochs = new ArrayList<>();
                for (int e = 1; e <= task.untilEpoch(); e++) {
                    epochs.add(new EpochRecord(e, e * 10L, 0.5, valLoss(lr, e), 0.9, Map.of("default", lr), 0));
                }
                return new History(epochs, List.of());
            };
            SearchSpace space = SearchSpace.builder().schedule("constant()").lrs(LRS).epochs(9).build();
            SweepResult result;
            try (TrialRunner runner = TrialRunner.local(workers)) {
                result = Sweep.builder(space).trainer(known).runner(runner)
                        .halving(new Halving(3, 1, Metric.VAL_LOSS)).out(tmp.resolve("w" + workers)).build().run();
            }

            // rungs at epochs 1, 3, 9; trial-NNN has the NNN-th learning rate of LRS
            assertEquals(new TreeSet<>(List.of("trial-001", "trial-002", "trial-003", "trial-004", "trial-005",
                    "trial-006", "trial-007", "trial-008", "trial-009")), reached.get(1), "rung 1: every trial");
            // rung 1 in trial order: after 3 results the best of them (0.01), after 6 the best two (0.02 at
            // -0.10, 0.05 at 0), after 9 the best three (0.3 at 0.28 joins)
            assertEquals(new TreeSet<>(List.of("trial-003", "trial-004", "trial-005", "trial-007")), reached.get(3),
                    "rung 3");
            // rung 3 in promotion order (0.01, 0.02, 0.05, 0.3): after 3 results the best of them, 0.05
            assertEquals(new TreeSet<>(List.of("trial-005")), reached.get(9), "rung 9");
            assertEquals(List.of(1, 3, 9), List.copyOf(reached.keySet()));
            assertEquals(List.of("trial-005", "trial-004", "trial-003", "trial-007", "trial-006", "trial-002",
                    "trial-008", "trial-001", "trial-009"),
                    result.ranked().stream().map(o -> o.trial().name()).toList(), "workers " + workers);
            assertEquals(List.of(9, 3, 3, 3, 1, 1, 1, 1, 1),
                    result.ranked().stream().map(TrialOutcome::epochsRun).toList());
        }
    }
}
