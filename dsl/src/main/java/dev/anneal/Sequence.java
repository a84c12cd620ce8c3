package dev.anneal;

import dev.anneal.graph.Curve;
import dev.anneal.graph.Frame;
import java.util.List;

/** {@code a then b then c}: each part runs for its duration, the next from its own time 0. */
record Sequence(List<Schedule> parts) implements Schedule {

    Sequence {
        parts = List.copyOf(parts);
        if (parts.size() < 2) {
            throw new ScheduleException("then: needs at least two parts, got " + parts);
        }
    }

    @Override
    public Span duration() {
        Span first = parts.get(0).duration();
        long total = 0;
        for (Schedule part : parts) {
            Span d = part.duration();
            if (d == null || d.unit() != first.unit()) {
                return null;
            }
            total = Math.addExact(total, d.amount());
        }
        return new Span(total, first.unit());
    }

    @Override
    public Curve curve(Frame frame) {
        int n = parts.size();
        long[] starts = new long[n];
        Curve[] curves = new Curve[n];
        long start = 0;
        for (int i = 0; i < n; i++) {
            Schedule part = parts.get(i);
            starts[i] = start;
            if (i == n - 1) {
                curves[i] = part.curve(frame.part(start, -1));
                break;
            }
            Span d = part.duration();
            if (d == null) {
                throw new ScheduleException(part + " has no duration, so it cannot be followed by " + parts.get(i + 1)
                        + ": give it one with .lasting(n)");
            }
            long length = frame.ticks(d, part, "duration");
            curves[i] = part.curve(frame.part(start, length));
            start = Math.addExact(start, length);
        }
        return (t, base, state) -> {
            int lo = 0;
            int hi = n - 1;
            while (lo < hi) {
                int mid = (lo + hi + 1) >>> 1;
                if (starts[mid] <= t) {
                    lo = mid;
                } else {
                    hi = mid - 1;
                }
            }
            return curves[lo].value(t - starts[lo], base, state);
        };
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (Schedule part : parts) {
            if (sb.length() > 0) {
                sb.append(" then ");
            }
            sb.append(part);
        }
        return sb.toString();
    }
}
