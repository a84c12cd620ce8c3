package dev.anneal;

import dev.anneal.graph.Curve;
import dev.anneal.graph.Frame;
import java.util.Objects;

/**
 * {@code inverseSqrt(warmup=n, timescale=n)}: linear warmup from 0 over {@code warmup}, then decay
 * with the inverse square root of time (Hugging Face's {@code get_inverse_sqrt_schedule}):
 * {@code lr = base * t / warmup} for {@code t < warmup}, else
 * {@code base / sqrt((t + timescale - warmup) / timescale)}. The timescale defaults to the warmup
 * (10,000 when the warmup is 0), so the decay starts at the base. No duration.
 * <pre>{@code
 * Schedule lr = Schedule.inverseSqrt(4000);
 * }</pre>
 *
 * @param warmup    length of the warmup
 * @param timescale how fast the decay is; null for the default
 */
public record InverseSqrt(Span warmup, Span timescale) implements Schedule {

    /** Checks the parameters. */
    public InverseSqrt {
        Objects.requireNonNull(warmup, "warmup");
        if (timescale != null && timescale.amount() == 0) {
            throw ScheduleException.invalid("inverseSqrt(warmup=" + warmup + ", timescale=" + timescale + ")",
                    "timescale", timescale, "> 0");
        }
    }

    /** The same schedule with another timescale. */
    public InverseSqrt timescale(Span timescale) {
        return new InverseSqrt(warmup, timescale);
    }

    @Override
    public Span duration() {
        return null;
    }

    @Override
    public Curve curve(Frame frame) {
        long w = frame.ticks(warmup, this, "warmup");
        double scale = timescale != null ? frame.ticks(timescale, this, "timescale") : (w > 0 ? w : 10_000);
        if (scale == 0) {
            throw ScheduleException.invalid(toString(), "timescale", timescale, "> 0 once in ticks");
        }
        double shift = scale - w;
        return (t, base, state) -> t < w ? base * t / w : base / Math.sqrt((t + shift) / scale);
    }

    @Override
    public String toString() {
        return new Call("inverseSqrt").arg("warmup", warmup).opt("timescale", timescale).toString();
    }
}
