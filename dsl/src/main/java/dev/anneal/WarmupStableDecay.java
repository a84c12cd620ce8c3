package dev.anneal;

import dev.anneal.graph.Curve;
import dev.anneal.graph.Frame;
import java.util.Objects;

/**
 * {@code warmupStableDecay(warmup=w, stable=s, decay=d, shape=linear, startFactor=0.0, endFactor=0.0)}:
 * the WSD schedule. A linear warmup from {@code base * startFactor} over {@code w}, the base for
 * {@code s}, then a decay over {@code d} to {@code base * endFactor}, held after. With
 * {@code x} the fraction of the decay done, the decay factor is {@code 1 - x} (linear),
 * {@code (1 + cos(pi x)) / 2} (cosine) or {@code 1 - sqrt(x)} (oneMinusSqrt), and
 * {@code lr = base * (endFactor + (1 - endFactor) * factor)}.
 * <pre>{@code
 * Schedule wsd = Schedule.warmupStableDecay(100, 800, 100).shape(WarmupStableDecay.Shape.ONE_MINUS_SQRT);
 * }</pre>
 *
 * @param warmup      length of the warmup
 * @param stable      length of the stable phase
 * @param decay       length of the decay
 * @param shape       the decay's shape
 * @param startFactor warmup's starting factor, in {@code [0, 1]}
 * @param endFactor   factor after the decay, in {@code [0, 1]}
 */
public record WarmupStableDecay(Span warmup, Span stable, Span decay, Shape shape, double startFactor,
                                double endFactor) implements Schedule {

    /** The shape of the decay phase. */
    public enum Shape {
        /** {@code 1 - x}. */
        LINEAR,
        /** {@code (1 + cos(pi x)) / 2}. */
        COSINE,
        /** {@code 1 - sqrt(x)}. */
        ONE_MINUS_SQRT
    }

    /** Checks the parameters. */
    public WarmupStableDecay {
        Objects.requireNonNull(warmup, "warmup");
        Objects.requireNonNull(stable, "stable");
        Objects.requireNonNull(decay, "decay");
        Objects.requireNonNull(shape, "shape");
        String node = "warmupStableDecay(warmup=" + warmup + ", stable=" + stable + ", decay=" + decay + ")";
        if (!(startFactor >= 0 && startFactor <= 1)) {
            throw ScheduleException.invalid(node, "startFactor", Call.num(startFactor), "in [0, 1]");
        }
        if (!(endFactor >= 0 && endFactor <= 1)) {
            throw ScheduleException.invalid(node, "endFactor", Call.num(endFactor), "in [0, 1]");
        }
    }

    /** The same schedule with another decay shape. */
    public WarmupStableDecay shape(Shape shape) {
        return new WarmupStableDecay(warmup, stable, decay, shape, startFactor, endFactor);
    }

    /** The same schedule warming up from {@code base * startFactor}. */
    public WarmupStableDecay startFactor(double startFactor) {
        return new WarmupStableDecay(warmup, stable, decay, shape, startFactor, endFactor);
    }

    /** The same schedule decaying to {@code base * endFactor}. */
    public WarmupStableDecay endFactor(double endFactor) {
        return new WarmupStableDecay(warmup, stable, decay, shape, startFactor, endFactor);
    }

    @Override
    public Span duration() {
        if (warmup.unit() != stable.unit() || stable.unit() != decay.unit()) {
            return null;
        }
        return new Span(warmup.amount() + stable.amount() + decay.amount(), warmup.unit());
    }

    @Override
    public Curve curve(Frame frame) {
        long w = frame.ticks(warmup, this, "warmup");
        long stableEnd = w + frame.ticks(stable, this, "stable");
        long d = frame.ticks(decay, this, "decay");
        long end = stableEnd + d;
        Shape sh = shape;
        double rise = 1 - startFactor;
        double fall = 1 - endFactor;
        return (t, base, state) -> {
            if (t < w) {
                return base * (startFactor + rise * t / w);
            }
            if (t < stableEnd) {
                return base;
            }
            if (t >= end) {
                return base * endFactor;
            }
            double x = (double) (t - stableEnd) / d;
            double f = sh == Shape.LINEAR ? 1 - x : sh == Shape.COSINE ? (1 + Math.cos(Math.PI * x)) / 2 : 1 - Math.sqrt(x);
            return base * (endFactor + fall * f);
        };
    }

    @Override
    public String toString() {
        return new Call("warmupStableDecay").arg("warmup", warmup).arg("stable", stable).arg("decay", decay)
                .arg("shape", shape, Shape.LINEAR).arg("startFactor", startFactor, 0.0).arg("endFactor", endFactor, 0.0)
                .toString();
    }
}
