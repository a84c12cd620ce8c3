package dev.anneal.samples.cli;

import dev.anneal.Schedule;
import dev.anneal.ScheduleException;
import dev.anneal.ScheduleGraph;

/**
 * What {@code anneal show} prints: a stateless schedule's values at steps 0..{@code lastStep} applied
 * to {@code baseLr}, read from its compiled graph. All values are computed before anything is
 * printed, so a schedule that fails at some step prints nothing but its error.
 *
 * @param schedule the schedule as parsed
 * @param baseLr   the base value
 * @param graph    the compiled schedule, without state
 * @param values   the value at each step 0..lastStep
 */
record ScheduleValues(Schedule schedule, double baseLr, ScheduleGraph graph, double[] values) {

    /**
     * Evaluates the graph at steps 0..{@code lastStep}.
     *
     * @throws ScheduleException when the schedule's function cannot be evaluated at a step (division by zero)
     */
    static ScheduleValues of(Schedule schedule, double baseLr, long lastStep, ScheduleGraph graph) {
        if (lastStep >= Integer.MAX_VALUE - 8) {
            throw new ScheduleException("--steps " + lastStep + " is too many values to show (at most " + (Integer.MAX_VALUE - 9) + ")");
        }
        double[] values = new double[(int) lastStep + 1];
        for (int step = 0; step < values.length; step++) {
            try {
                values[step] = graph.lr(step, baseLr);
            } catch (ArithmeticException e) {
                throw new ScheduleException(schedule + " at step " + step + ": " + e.getMessage());
            }
        }
        return new ScheduleValues(schedule, baseLr, graph, values);
    }

    /** The last step shown. */
    long lastStep() {
        return values.length - 1;
    }

    /** The value at {@code step}. */
    double lr(long step) {
        return values[(int) step];
    }
}
