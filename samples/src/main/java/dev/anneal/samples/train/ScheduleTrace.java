package dev.anneal.samples.train;

import dev.anneal.Clock;
import dev.anneal.RunState;
import dev.anneal.Schedule;
import dev.anneal.ScheduleGraph;
import java.util.Arrays;

/**
 * Follows a run's learning rate beside the trainer: the same schedule compiled with the same clock,
 * with its own run state fed the same metric at the same step, so it knows the learning rate of
 * every step, the value after each epoch and what the schedule did in it (a {@link LrNotes note}).
 * The trainer applies exactly these values; a test holds the two together.
 *
 * <pre>{@code
 * ScheduleTrace trace = new ScheduleTrace(schedule, Clock.of(25, 500), 0.1);
 * ScheduleTrace.Epoch e = trace.epochEnd(1, valLoss);   // e.lr() after epoch 1, e.note() "warmup"
 * }</pre>
 */
final class ScheduleTrace {
    private final ScheduleGraph graph;
    private final RunState state;
    private final double base;
    private final long stepsPerEpoch;
    private final LrNotes notes;
    private double[] used = new double[64];
    private int count;

    /** What the schedule did in an epoch: the learning rate after it and the note. */
    record Epoch(double lr, String note) {
    }

    ScheduleTrace(Schedule schedule, Clock clock, double base) {
        this.graph = schedule.compile(clock);
        this.state = graph.newRunState();
        this.base = base;
        this.stepsPerEpoch = clock.stepsPerEpoch();
        this.notes = new LrNotes(base, tick(graph, clock, base), ScheduleParts.of(schedule, clock));
    }

    /**
     * Records epoch {@code epoch} (from 1, in order): the learning rate of each of its steps, then the
     * metric the trainer feeds to plateaus at its end.
     */
    Epoch epochEnd(int epoch, double metric) {
        long from = (epoch - 1) * stepsPerEpoch;
        long to = epoch * stepsPerEpoch;
        if (from != count) {
            throw new IllegalStateException("epoch " + epoch + " out of order: " + count + " steps traced");
        }
        for (long step = from; step < to; step++) {
            record(lr(step));
        }
        double before = lr(to);
        if (graph.isStateful()) {
            state.observe(to, metric);
        }
        double after = lr(to);
        double reduction = after < before ? after / before : Double.NaN;
        return new Epoch(after, notes.describe(this::valueAt, from, to, reduction));
    }

    /** The learning rate of every step traced, and after the last one: {@code steps + 1} values. */
    double[] steps() {
        double[] out = Arrays.copyOf(used, count + 1);
        out[count] = lr(count);
        return out;
    }

    /** The value at {@code step}: as applied for traced steps, as the schedule stands now for later ones. */
    private double valueAt(long step) {
        return step < count ? used[(int) step] : lr(step);
    }

    private double lr(long step) {
        return graph.lr(step, base, state);
    }

    private void record(double lr) {
        if (count == used.length) {
            used = Arrays.copyOf(used, used.length * 2);
        }
        used[count++] = lr;
    }

    /**
     * The steps between the schedule's changes: an epoch when it only changes at epochs' ends
     * ({@code perEpoch()} schedules, PyTorch's epoch-stepped schedulers), else one step.
     */
    private static long tick(ScheduleGraph graph, Clock clock, double base) {
        RunState fresh = graph.newRunState();
        long spe = clock.stepsPerEpoch();
        double previous = graph.lr(0, base, fresh);
        for (long step = 1; step <= clock.totalSteps(); step++) {
            double v = graph.lr(step, base, fresh);
            if (step % spe != 0 && v != previous) {
                return 1;
            }
            previous = v;
        }
        return spe;
    }
}
