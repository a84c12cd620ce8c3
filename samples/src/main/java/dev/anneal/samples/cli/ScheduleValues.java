package dev.anneal.samples.cli;

import dev.anneal.Schedule;
import dev.anneal.ScheduleException;
import dev.anneal.ScheduleGraph;

/**
 * What {@code anneal show} prints: a stateless schedule's values at steps 0..{@code lastStep} applied
 * to {@code baseLr}, read from its compiled graph.
 *
 * @param schedule the schedule as parsed
 * @param baseLr   the base value
 * @param lastStep the last step shown (inclusive)
 * @param graph    the compiled schedule, without state
 */
record ScheduleValues(Schedule schedule, double baseLr, long lastStep, ScheduleGraph graph) {

    /**
     * The value at {@code step}.
     *
     * @throws ScheduleException when the schedule's function cannot be evaluated there (division by zero)
     */
    double lr(long step) {
        try {
            return graph.lr(step, baseLr);
        } catch (ArithmeticException e) {
            throw new ScheduleException(schedule + " at step " + step + ": " + e.getMessage());
        }
    }
}
