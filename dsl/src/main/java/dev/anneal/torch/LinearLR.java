package dev.anneal.torch;

import dev.anneal.graph.Curve;
import dev.anneal.graph.Frame;

/**
 * PyTorch's {@code LinearLR(optimizer, start_factor=1/3, end_factor=1.0, total_iters=5, last_epoch=-1)}:
 * the lr factor moves linearly from {@code start_factor} at construction to {@code end_factor} at epoch
 * {@code total_iters}, then holds: {@code lr = base * (start + (end - start) * min(e, T) / T)}. As in
 * PyTorch, {@code total_iters = 0} stays at {@code start_factor * base} forever, and
 * {@code start_factor = 0} raises {@code ZeroDivisionError} at the first step.
 * <pre>{@code
 * LinearLR warm = new LinearLR(0.1, 1.0, 5);   // LinearLR(start_factor=0.1, total_iters=5)
 * warm.compile().lr(5, 0.1);                   // 0.1
 * }</pre>
 *
 * @param start_factor the factor at construction, in {@code [0, 1]}
 * @param end_factor   the factor from {@code total_iters} on, in {@code [0, 1]}
 * @param total_iters  epochs of the linear change
 * @param last_epoch   -1 for a fresh start; {@code L >= 0} resumes from the group's lr at epoch {@code L + 1}
 */
public record LinearLR(double start_factor, double end_factor, long total_iters, long last_epoch)
        implements TorchScheduler {

    /** PyTorch's default start factor, {@code 1.0 / 3}. */
    static final double DEFAULT_START = 1.0 / 3;

    /** Checks the factors as PyTorch does (start first). */
    public LinearLR {
        if (start_factor > 1.0 || start_factor < 0) {
            throw Py.valueError("Starting multiplicative factor expected to be between 0 and 1.");
        }
        if (end_factor > 1.0 || end_factor < 0) {
            throw Py.valueError("Ending multiplicative factor expected to be between 0 and 1.");
        }
        Groups.checkLastEpoch("LinearLR", last_epoch);
        new Rule(start_factor, end_factor, total_iters, last_epoch).checkConstruction();
    }

    /** {@code LinearLR(start_factor, end_factor, total_iters)}. */
    public LinearLR(double start_factor, double end_factor, long total_iters) {
        this(start_factor, end_factor, total_iters, -1);
    }

    @Override
    public Curve curve(Frame frame) {
        return recurrence().standalone();
    }

    Recurrence recurrence() {
        return new Rule(start_factor, end_factor, total_iters, last_epoch);
    }

    @Override
    public String toString() {
        return new Text("LinearLR").arg("start_factor", start_factor, DEFAULT_START).arg("end_factor", end_factor, 1.0)
                .arg("total_iters", total_iters, 5).arg("last_epoch", last_epoch, -1).toString();
    }

    private static final class Rule extends Recurrence {
        private final double start;
        private final double end;
        private final long total;

        Rule(double start, double end, long total, long lastEpoch) {
            super(lastEpoch);
            this.start = start;
            this.end = end;
            this.total = total;
        }

        /** {@code T * start + x * (end - start)}: T times the factor at epoch x. */
        private double scaled(long x) {
            return total * start + x * (end - start);
        }

        @Override
        double step(double lr, long e, double b) {
            if (e == 0) {
                return lr * start;
            }
            if (e > total) {
                return lr;
            }
            return lr * (1.0 + Py.div(end - start, scaled(e - 1)));
        }

        @Override
        double restart(double lr, double b) {
            return b * (start + Py.div((end - start) * Math.min(total, 0), total));
        }

        @Override
        double run(double lr, long e0, long e, double b) {
            long m = Math.min(e, total);
            if (m <= e0) {
                return lr;
            }
            return lr * Py.div(scaled(m), scaled(e0));
        }

        @Override
        boolean multiplicative() {
            return true;
        }

        @Override
        long firstFailure(long e0, long e) {
            return e0 < Math.min(e, total) && scaled(e0) == 0 ? e0 + 1 : Long.MAX_VALUE;
        }
    }
}
