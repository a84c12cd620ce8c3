package dev.anneal.torch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.anneal.Clock;
import dev.anneal.Schedule;
import dev.anneal.ScheduleGraph;

/** Test support: a schedule's values against PyTorch 1.13.1's, at relative 1e-12 (closed forms vs recursion). */
final class Values {
    private Values() {
    }

    static void assertValues(Schedule s, double base, double... expected) {
        ScheduleGraph g = s.compile(Clock.totalSteps(expected.length));
        for (int t = 0; t < expected.length; t++) {
            double actual = g.lr(t, base);
            assertEquals(expected[t], actual, 1e-12 * Math.abs(expected[t]) + 1e-18, s + " at t=" + t);
        }
    }
}
