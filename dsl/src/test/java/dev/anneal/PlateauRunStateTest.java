package dev.anneal;

import static dev.anneal.Schedule.plateau;
import static dev.anneal.Schedule.warmup;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class PlateauRunStateTest {

    private final ScheduleGraph graph = warmup(5).then(plateau().patience(1).factor(0.5)).compile();

    @Test
    void reducesAfterPatienceIsExceeded() {
        RunState state = graph.newRunState();
        state.observe(10, 1.0);
        state.observe(20, 1.0);
        assertEquals(0.1, graph.lr(20, 0.1, state));
        state.observe(30, 1.0);
        assertEquals(0.05, graph.lr(30, 0.1, state));
    }

    @Test
    void ignoresMetricsReportedBeforeThePlateauStarts() {
        RunState state = graph.newRunState();
        for (int i = 0; i < 10; i++) {
            state.observe(5, 1.0);
        }
        assertEquals(0.1, graph.lr(6, 0.1, state));
    }

    @Test
    void resumedStateContinuesExactly() {
        RunState straight = graph.newRunState();
        RunState first = graph.newRunState();
        double[] metrics = {1.0, 0.9, 0.95, 0.96, 0.97, 0.5, 0.6, 0.7, 0.8, 0.9};
        for (int i = 0; i < 5; i++) {
            straight.observe(10L * (i + 1), metrics[i]);
            first.observe(10L * (i + 1), metrics[i]);
        }
        Map<String, Object> saved = first.stateDict();
        RunState resumed = graph.newRunState();
        resumed.loadStateDict(saved);
        for (int i = 5; i < metrics.length; i++) {
            straight.observe(10L * (i + 1), metrics[i]);
            resumed.observe(10L * (i + 1), metrics[i]);
            assertEquals(graph.lr(10L * (i + 1), 0.1, straight), graph.lr(10L * (i + 1), 0.1, resumed));
        }
        assertEquals(straight.stateDict(), resumed.stateDict());
    }

    @Test
    void statefulGraphNeedsARunState() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> graph.lr(3, 0.1));
        assertTrue(e.getMessage().contains("plateau"), e.getMessage());
    }

    @Test
    void loadingAStateOfAnotherShapeNamesTheProblem() {
        RunState state = graph.newRunState();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> state.loadStateDict(Map.of("plateaus", java.util.List.of())));
        assertTrue(e.getMessage().contains("saved for 0 plateau"), e.getMessage());
    }

    @Test
    void epsFreezesASmallReduction() {
        ScheduleGraph g = plateau().patience(0).factor(0.5).eps(0.02).compile();
        RunState s = g.newRunState();
        for (int k = 1; k <= 6; k++) {
            s.observe(k, 1.0);
        }
        assertEquals(0.025, g.lr(6, 0.1, s), 1e-17);
        assertEquals(0.5 * Math.pow(0.5, 4), g.lr(6, 0.5, s), 1e-17); // 0.03125 -> 0.015625 would be < eps
    }
}
