package dev.anneal;

import static dev.anneal.Schedule.cosine;
import static dev.anneal.Schedule.warmup;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class WarmupThenCosineTest {

    private final ScheduleGraph graph = warmup(10).then(cosine(90, 1e-6)).compile();

    @Test
    void warmupStartsFromZeroAndRisesLinearly() {
        assertEquals(0.0, graph.lr(0, 0.1));
        assertEquals(0.05, graph.lr(5, 0.1), 1e-17);
    }

    @Test
    void warmupEndsExactlyAtTheBase() {
        assertEquals(0.1, graph.lr(10, 0.1));
    }

    @Test
    void cosineIsHalfwayAtItsMiddle() {
        assertEquals((0.1 + 1e-6) / 2, graph.lr(55, 0.1), 1e-15);
    }

    @Test
    void cosineReachesEtaMinAtTMaxAndHoldsIt() {
        assertEquals(1e-6, graph.lr(100, 0.1));
        assertEquals(1e-6, graph.lr(150, 0.1));
        assertEquals(1e-6, graph.lr(1_000_000, 0.1));
    }

    @Test
    void printsAsTheExpressionAUserTypes() {
        assertEquals("warmup(10) then cosine(tMax=90, etaMin=1e-6)", warmup(10).then(cosine(90, 1e-6)).toString());
        assertEquals(cosine(90, 1e-6), cosine().tMax(90).etaMin(1e-6));
        Schedule lr = warmup(10).then(cosine(90, 1e-6));
        assertEquals(lr, Schedule.parse(lr.toString()));
    }

    @Test
    void aPartWithoutDurationCannotBeFollowed() {
        ScheduleException e = assertThrows(ScheduleException.class,
                () -> Schedule.exponential(0.9).then(cosine(10)).compile());
        assertTrue(e.getMessage().contains("exponential(gamma=0.9) has no duration"), e.getMessage());
    }

    @Test
    void epochSpansNeedStepsPerEpoch() {
        Schedule s = warmup(Span.epochs(2)).then(cosine());
        ScheduleException e = assertThrows(ScheduleException.class, s::compile);
        assertTrue(e.getMessage().contains("steps per epoch"), e.getMessage());
        ScheduleGraph g = s.compile(Clock.of(25, 500));
        assertEquals(0.1, g.lr(50, 0.1));
        assertEquals(0.05, g.lr(50 + 225, 0.1), 1e-15);
        assertEquals(0.0, g.lr(500, 0.1));
    }
}
