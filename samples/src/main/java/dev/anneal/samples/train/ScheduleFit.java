package dev.anneal.samples.train;

import dev.anneal.Clock;
import dev.anneal.Schedule;
import dev.anneal.ScheduleException;
import dev.anneal.Span;
import java.util.List;
import java.util.Locale;

/**
 * Checks, before training, that an experiment's schedule fits its run, and says what the user did
 * when it does not. A run that ends before the first part of {@code a then b} is over would never
 * reach {@code b}; rather than the graph's {@code cosine(): starts at step 50, at or after the end of
 * training (25 steps)}, it says:
 * <pre>
 * the run (1 epoch = 25 steps) is shorter than the schedule's warmup (2 epochs = 50 steps), so cosine()
 * would never run: train longer (--epochs 3 or more) or shorten the warmup (e.g. --schedule 'warmup(2) then cosine()')
 * </pre>
 * <pre>{@code
 * ScheduleFit.check(experiment, data.split().train().rows());   // IllegalArgumentException when it does not fit
 * }</pre>
 */
public final class ScheduleFit {

    private ScheduleFit() {
    }

    /**
     * Compiles the experiment's schedule on the clock of {@code trainRows} training rows.
     *
     * @throws IllegalArgumentException when the run ends within the schedule's first part, saying so
     *                                  in epochs and steps, with the two ways out
     * @throws ScheduleException        when the schedule does not compile for another reason
     */
    public static void check(Experiment experiment, int trainRows) {
        Clock clock = experiment.clock(trainRows);
        try {
            experiment.schedule().compile(clock);
        } catch (ScheduleException e) {
            String why = tooShort(experiment.schedule(), clock, experiment.epochs());
            if (why == null) {
                throw e;
            }
            throw new IllegalArgumentException(why, e);
        }
    }

    /** What is wrong when the run ({@code epochs} on {@code clock}) ends within the schedule's first part, else null. */
    private static String tooShort(Schedule schedule, Clock clock, int epochs) {
        List<String> texts = ScheduleParts.split(schedule.toString());
        if (texts.size() < 2) {
            return null;
        }
        Schedule first;
        try {
            first = Schedule.parse(texts.getFirst());
        } catch (ScheduleException e) {
            return null;
        }
        Span length = first.duration();
        long perEpoch = clock.stepsPerEpoch();
        long total = clock.totalSteps();
        if (length == null) {
            return null;
        }
        long firstSteps = length.unit() == Span.Unit.EPOCHS ? length.amount() * perEpoch : length.amount();
        if (firstSteps < total) {
            return null;
        }
        String rest = String.join(" then ", texts.subList(1, texts.size()));
        boolean warmup = "warmup".equals(ScheduleParts.name(texts.getFirst()));
        String part = warmup ? "warmup" : "first part, " + texts.getFirst() + ",";
        String run = "the run (" + epochs(epochs) + " = " + steps(total) + ") is "
                + (firstSteps > total ? "shorter than" : "no longer than") + " the schedule's " + part + " ("
                + (length.unit() == Span.Unit.EPOCHS ? epochs(length.amount()) + " = " : "") + steps(firstSteps)
                + "), so " + rest + " would never run";
        String longer = "train longer (--epochs " + (firstSteps / perEpoch + 1) + " or more)";
        String shorter = warmup ? shorterWarmup(texts, rest, clock, epochs) : "give a schedule whose first part ends "
                + "before step " + total;
        return run + ": " + longer + " or " + shorter;
    }

    /** How to shorten the warmup, with an example of a tenth of the run when it fits. */
    private static String shorterWarmup(List<String> texts, String rest, Clock clock, int epochs) {
        String length = epochs >= 10 ? (epochs / 10) + ".epochs" : Long.toString(Math.max(1, clock.totalSteps() / 10));
        String warmup = texts.getFirst().replaceFirst("^warmup\\([^,)]*", "warmup(" + length);
        String example = warmup + " then " + rest;
        try {
            Schedule.parse(example).compile(clock);
        } catch (ScheduleException e) {
            return "shorten the warmup";
        }
        return "shorten the warmup (e.g. --schedule '" + example + "')";
    }

    private static String epochs(long n) {
        return n == 1 ? "1 epoch" : n + " epochs";
    }

    private static String steps(long n) {
        return String.format(Locale.ROOT, n == 1 ? "%d step" : "%d steps", n);
    }
}
