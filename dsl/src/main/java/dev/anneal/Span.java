package dev.anneal;

import java.util.Objects;

/**
 * A length of training time: a number of optimizer steps or of epochs.
 *
 * <p>Plain integers given to the schedule factories are steps; use {@link #epochs(long)} for epochs,
 * which {@link Schedule#compile(Clock)} turns into steps with the clock's steps per epoch.
 * <pre>{@code
 * Schedule lr = Schedule.warmup(Span.epochs(2)).then(Schedule.cosine());
 * }</pre>
 * In the text form a span prints as {@code 500} (steps) or {@code 2.epochs}.
 *
 * @param amount how many steps or epochs, {@code >= 0}
 * @param unit   steps or epochs
 */
public record Span(long amount, Unit unit) {

    /** What a span counts. */
    public enum Unit {
        /** Optimizer steps (batches). */
        STEPS,
        /** Passes over the training data. */
        EPOCHS
    }

    /** Checks the amount and unit. */
    public Span {
        Objects.requireNonNull(unit, "unit");
        if (amount < 0) {
            throw new ScheduleException("span " + amount + ": a length must be >= 0");
        }
    }

    /** {@code n} optimizer steps. */
    public static Span steps(long n) {
        return new Span(n, Unit.STEPS);
    }

    /** {@code n} epochs. */
    public static Span epochs(long n) {
        return new Span(n, Unit.EPOCHS);
    }

    /** The text form: {@code 500} for steps, {@code 2.epochs} for epochs. */
    @Override
    public String toString() {
        return unit == Unit.STEPS ? Long.toString(amount) : amount + ".epochs";
    }
}
