package dev.anneal.graph;

import dev.anneal.Clock;
import dev.anneal.Plateau;
import dev.anneal.Schedule;
import dev.anneal.ScheduleException;
import dev.anneal.Span;
import java.util.List;

/**
 * What a schedule node knows while it compiles: the clock's facts, the unit its local time counts
 * in (steps, or epochs inside {@link Schedule#perEpoch()}), where the node starts and stops in the
 * run, and where stateful nodes register. Nodes use it in {@link Schedule#curve(Frame)} to turn
 * {@link Span}s into ticks:
 * <pre>{@code
 * long tMax = frame.ticks(span, this, "tMax");
 * }</pre>
 * {@link #root}, {@link #part}, {@link #inEpochs} and {@link #register} are public only for
 * {@code dev.anneal}'s graph and combinators (internal: no compatibility promise).
 */
public final class Frame {
    private final Clock clock;
    private final boolean epochTicks;
    private final long startStep;
    private final long endStep;
    private final List<PlateauSlot> plateaus;

    private Frame(Clock clock, boolean epochTicks, long startStep, long endStep, List<PlateauSlot> plateaus) {
        this.clock = clock;
        this.epochTicks = epochTicks;
        this.startStep = startStep;
        this.endStep = endStep;
        this.plateaus = plateaus;
    }

    /** The frame of a whole run; plateaus register into {@code plateaus} (internal). */
    public static Frame root(Clock clock, List<PlateauSlot> plateaus) {
        return new Frame(clock, false, 0, Long.MAX_VALUE, plateaus);
    }

    /** The clock the graph is compiled with. */
    public Clock clock() {
        return clock;
    }

    /** Whether this frame's ticks are epochs (inside {@code perEpoch}) rather than steps. */
    public boolean countsEpochs() {
        return epochTicks;
    }

    /** Steps per tick of this frame: 1, or the clock's steps per epoch. */
    long stepsPerTick() {
        return epochTicks ? clock.stepsPerEpoch() : 1;
    }

    /**
     * A span in this frame's ticks.
     *
     * @throws ScheduleException when the span needs a fact the clock does not have, or does not fit
     */
    public long ticks(Span span, Schedule node, String param) {
        long spe = clock.stepsPerEpoch();
        if (span.unit() == Span.Unit.EPOCHS) {
            if (epochTicks) {
                return span.amount();
            }
            if (spe == 0) {
                throw new ScheduleException(node + ": " + param + "=" + span
                        + " is in epochs, but the clock does not know the steps per epoch");
            }
            return Math.multiplyExact(span.amount(), spe);
        }
        // plain lengths count the frame's ticks: steps, or epochs inside perEpoch() (where the
        // schedule steps once per epoch, as a PyTorch scheduler stepped at each epoch's end)
        return span.amount();
    }

    /**
     * Ticks from this node's start to the end of the run, for shapes whose length defaults to "the
     * rest of training".
     *
     * @throws ScheduleException when the clock does not know the run's total steps
     */
    public long remaining(Schedule node, String param) {
        if (clock.totalSteps() == 0) {
            throw new ScheduleException(node + ": " + param + " is not given, so it runs to the end of training, "
                    + "but the run's total steps are unknown: give " + param + " or compile with Clock.of(stepsPerEpoch, totalSteps)");
        }
        long steps = clock.totalSteps() - startStep;
        if (steps <= 0) {
            throw new ScheduleException(node + ": starts at step " + startStep + ", at or after the end of training ("
                    + clock.totalSteps() + " steps), so " + param + " would be " + steps);
        }
        return epochTicks ? Math.max(1, steps / clock.stepsPerEpoch()) : steps;
    }

    /** The frame of a part that starts {@code offset} ticks into this one and lasts {@code length} ticks (-1: open; internal). */
    public Frame part(long offset, long length) {
        long spt = stepsPerTick();
        long start = startStep + offset * spt;
        long end = length < 0 ? endStep : Math.min(endStep, start + length * spt);
        return new Frame(clock, epochTicks, start, end, plateaus);
    }

    /** The frame inside {@code perEpoch()}: same place, ticks are epochs (internal). */
    public Frame inEpochs(Schedule node) {
        if (epochTicks) {
            throw new ScheduleException(node + ": perEpoch() inside perEpoch() has no meaning");
        }
        if (clock.stepsPerEpoch() == 0) {
            throw new ScheduleException(node + ": perEpoch() needs the clock's steps per epoch");
        }
        return new Frame(clock, true, startStep, endStep, plateaus);
    }

    /** Registers a plateau active over this frame's steps; returns its slot in the run state (internal). */
    public int register(Plateau plateau) {
        plateaus.add(new PlateauSlot(plateau, startStep, endStep));
        return plateaus.size() - 1;
    }
}
