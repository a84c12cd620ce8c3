package dev.anneal.samples.train;

import static dev.anneal.Schedule.cosine;
import static dev.anneal.Schedule.cosineRestarts;
import static dev.anneal.Schedule.plateau;
import static dev.anneal.Schedule.step;
import static dev.anneal.Schedule.warmup;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.anneal.Clock;
import dev.anneal.Schedule;
import dev.anneal.Span;
import dev.anneal.torch.CosineAnnealingLR;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntToDoubleFunction;
import org.junit.jupiter.api.Test;

/** The Note column: what the schedule did in each epoch, read from the learning rates. */
class LrNotesTest {

    /** The notes of epochs 1..epochs, {@code metric(epoch)} fed to plateaus. */
    private static List<String> notes(Schedule schedule, int stepsPerEpoch, int epochs, IntToDoubleFunction metric) {
        ScheduleTrace trace = new ScheduleTrace(schedule, Clock.of(stepsPerEpoch, (long) stepsPerEpoch * epochs), 0.1);
        List<String> notes = new ArrayList<>();
        for (int e = 1; e <= epochs; e++) {
            notes.add(trace.epochEnd(e, metric.applyAsDouble(e)).note());
        }
        return notes;
    }

    private static List<String> notes(Schedule schedule, int stepsPerEpoch, int epochs) {
        return notes(schedule, stepsPerEpoch, epochs, e -> 1.0);
    }

    private static List<String> only(int epochs, Object... epochAndNote) {
        List<String> out = new ArrayList<>(java.util.Collections.nCopies(epochs, ""));
        for (int i = 0; i < epochAndNote.length; i += 2) {
            out.set((Integer) epochAndNote[i] - 1, (String) epochAndNote[i + 1]);
        }
        return out;
    }

    @Test
    void warmupThenCosineOverTheRunWarmsUpThenReachesItsMinimumAtTheEnd() {
        assertEquals(only(20, 1, "warmup", 2, "warmup ends", 20, "cosine minimum"),
                notes(warmup(Span.epochs(2)).then(cosine()), 25, 20));
    }

    @Test
    void periodicCosinePerEpochReachesItsMinimumRisesAndPeaks() {
        List<String> expected = only(20, 10, "cosine minimum", 20, "cosine maximum");
        for (int e = 11; e <= 19; e++) {
            expected.set(e - 1, "rising");
        }
        assertEquals(expected, notes(cosine(10).periodic(true).perEpoch(), 25, 20));
    }

    @Test
    void torchCosineIsNamedAfterItsScheduler() {
        assertEquals("CosineAnnealingLR minimum", notes(new CosineAnnealingLR(10).perEpoch(), 7, 12).get(9));
    }

    @Test
    void stepDecayIsNotedWithItsFactor() {
        assertEquals(only(10, 5, "step decay ×0.5", 10, "step decay ×0.5"),
                notes(step(5).gamma(0.5).perEpoch(), 25, 10));
    }

    @Test
    void warmRestartsAreNotedWhereTheyHappenWithoutAMinimumJustBefore() {
        assertEquals(only(15, 5, "restart", 15, "restart"),
                notes(cosineRestarts(5).tMult(2).etaMin(1e-5).perEpoch(), 10, 15));
    }

    @Test
    void restartsWithinAnEpochAreNotedOnThatEpoch() {
        List<String> notes = notes(cosineRestarts(30), 25, 4);
        assertEquals(List.of("", "restart", "restart", "restart"), notes);
    }

    @Test
    void plateauReductionIsNotedWhenTheMetricStopsImproving() {
        // improves for 3 epochs, then flat: patience 1 reduces after the 2nd bad epoch, again 2 later
        List<String> notes = notes(plateau().patience(1).factor(0.5), 10, 8, e -> e <= 3 ? 1.0 / e : 1.0 / 3);
        assertEquals(only(8, 5, "LR reduced by plateau ×0.5", 7, "LR reduced by plateau ×0.5"), notes);
    }

    @Test
    void partsAreSplitAtThenOutsideBracketsAndQuotes() {
        assertEquals(List.of("warmup(10)", "function(\"0.5 if t then 1 else 2\")", "(a then b).perEpoch()"),
                ScheduleParts.split("warmup(10) then function(\"0.5 if t then 1 else 2\") then (a then b).perEpoch()"));
    }

    @Test
    void partNamesAreTheCallsTheyStartWith() {
        assertEquals("cosine", ScheduleParts.name("cosine(tMax=10, periodic=true).perEpoch()"));
        assertEquals("CosineAnnealingLR", ScheduleParts.name("CosineAnnealingLR(T_max=10)"));
        assertEquals(null, ScheduleParts.name("0.5 * cosine()"));
        assertEquals(null, ScheduleParts.name("(warmup(5) then constant()).clamp(max=0.1)"));
    }

    @Test
    void partStartsFollowTheDurations() {
        ScheduleParts parts = ScheduleParts.of(warmup(Span.epochs(2)).then(Schedule.constant()), Clock.of(25, 500));
        assertEquals("warmup", parts.nameAt(49));
        assertEquals("constant", parts.nameAt(50));
    }
}
