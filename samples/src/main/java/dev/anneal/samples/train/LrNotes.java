package dev.anneal.samples.train;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.LongToDoubleFunction;

/**
 * Says in a few words what the learning rate did in an epoch, read from its values alone (and the
 * name of the schedule's part at that time), so it works for any schedule:
 * <ul>
 * <li>{@code warmup}: rising before it ever fell; {@code warmup ends} where it stops rising;</li>
 * <li>{@code restart}: after a fall, a rise in one tick of more than half the way back to the last peak;</li>
 * <li>{@code step decay ×0.5}: a fall between two flat stretches;</li>
 * <li>{@code cosine minimum} / {@code cosine maximum}: where a fall (rise) stops, named after the part;</li>
 * <li>{@code rising}: rising again after a fall, without a restart;</li>
 * <li>{@code LR reduced by plateau ×0.5}: the monitored metric stopped improving.</li>
 * </ul>
 * The values are read a tick apart: an epoch for schedules that only change at epochs' ends, else a
 * step. Epochs must be described in order.
 */
final class LrNotes {
    private final double eps;
    private final long tick;
    private final ScheduleParts parts;
    private boolean fell;
    private double peak = Double.NaN;

    LrNotes(double base, long tick, ScheduleParts parts) {
        this.eps = Math.abs(base) * 1e-12;
        this.tick = tick;
        this.parts = parts;
    }

    /**
     * The note of the epoch of steps {@code (from, to]}: {@code lr} gives the value at any step
     * (those before {@code to} as applied), {@code reduction} the factor a plateau applied at its end
     * (NaN for none).
     */
    String describe(LongToDoubleFunction lr, long from, long to, double reduction) {
        if (Double.isNaN(peak)) {
            peak = lr.applyAsDouble(0);
        }
        Set<String> notes = new LinkedHashSet<>();
        boolean rose = false;
        boolean fellBefore = fell;
        long last = Double.isNaN(reduction) ? to : to - tick;
        for (long k = from + tick; k <= last; k += tick) {
            double previous = lr.applyAsDouble(k - tick);
            double now = lr.applyAsDouble(k);
            double change = now - previous;
            double before = k - 2 * tick >= 0 ? previous - lr.applyAsDouble(k - 2 * tick) : 0;
            double after = lr.applyAsDouble(k + tick) - now;
            if (change > eps) {
                rose = true;
                if (restart(before, change, previous)) {
                    notes.add("restart");
                } else if (!fell && after <= eps) {
                    notes.add("warmup ends");
                } else if (fell && after < -eps) {
                    notes.add(named(k, "maximum"));
                }
                if (after < -eps) {
                    peak = now;
                }
            } else if (change < -eps) {
                if (Math.abs(before) <= eps && Math.abs(after) <= eps) {
                    notes.add("step decay ×" + factor(now / previous));
                } else if (after >= -eps && !restart(change, after, now)) {
                    notes.add(named(k, "minimum"));
                }
                fell = true;
            }
        }
        if (!Double.isNaN(reduction)) {
            notes.add("LR reduced by plateau ×" + factor(reduction));
            fell = true;
        }
        if (notes.isEmpty() && rose) {
            notes.add(fellBefore ? "rising" : "warmup");
        }
        return String.join(", ", notes);
    }

    /** Whether a rise of {@code change} from {@code from}, after a fall of {@code before}, is a restart. */
    private boolean restart(double before, double change, double from) {
        return before < -eps && change > eps && change > (peak - from) / 2;
    }

    private String named(long step, String what) {
        String name = parts.nameAt(step);
        return name == null ? what : name + " " + what;
    }

    /** A factor with at most three significant digits: {@code 0.5}, {@code 0.333}. */
    static String factor(double f) {
        return new BigDecimal(f).round(new MathContext(3)).stripTrailingZeros().toPlainString();
    }
}
